package io.satbus.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a ZeroMQ TCP endpoint option, {@code tcp://HOST:PORT}, and checks it where it is typed:
 * the scheme, the port's range and that HOST resolves. Without this, {@code http://x} or an
 * unknown host surfaces as a ZeroMQ exception ({@code Errno 43}) when the socket connects.
 */
final class EndpointConverter implements ITypeConverter<String> {
    private static final Pattern TCP = Pattern.compile("tcp://(\\[[^\\]]+\\]|[^:/\\s\\[\\]]+):(\\d{1,5})");

    @Override
    public String convert(final String value) {
        final Matcher m = TCP.matcher(value);
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' (expected: tcp://HOST:PORT, e.g. tcp://127.0.0.1:5670)");
        }
        final int port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            throw new TypeConversionException("'" + value + "' : port " + port + " (expected: 1..65535)");
        }
        final String host = m.group(1);
        if (!"*".equals(host)) {
            try {
                InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
            } catch (UnknownHostException ex) {
                throw new TypeConversionException("'" + value + "' : host " + host
                    + " is unknown (expected: a host name that resolves, or an address)");
            }
        }
        return value;
    }
}
