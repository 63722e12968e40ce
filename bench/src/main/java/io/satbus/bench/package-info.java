/**
 * JMH micro-benchmarks of satbus's hot paths that public API reaches (envelope and reply codecs)
 * and of the raw JeroMQ baselines every ratio is measured against. Benchmarks of package-private
 * hot paths live in the package they measure ({@code io.satbus.orchester},
 * {@code io.satbus.tracker}) inside this module. Each benchmark states its forks, warm-up and
 * measurement in annotations; JMH owns the threads. See bench/README.md for how to run them.
 */
package io.satbus.bench;
