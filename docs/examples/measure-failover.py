"""Measures an orchester pair's failover under satbus run (docs/operations.md section 12).

Usage (from the repository root, after ./satbus has built cli/target/satbus.jar):
    python3 docs/examples/measure-failover.py 3

Each run: a pair on one machine (default heartbeat 1 s x 3), generator -> transformer x2 ->
sink, 200,000 messages; when the sink holds 60,000 lines the primary (active) is SIGKILLed and
its service port held, so it cannot come back. Prints, per run, when the sink stalled, the
first line after the stall and when it was 2,000 lines further (seconds after the kill), and
the run's final line. Work folders: /tmp/pm/runN.
"""
import os, socket, subprocess, sys, time, glob, signal, json
def free():
    s=socket.socket(); s.bind(("127.0.0.1",0)); p=s.getsockname()[1]; s.close(); return p
def lines(path):
    try:
        with open(path,'rb') as f: return f.read().count(b'\n')
    except FileNotFoundError: return 0
results=[]
for run in range(int(sys.argv[1])):
    d=f"/tmp/pm/run{run}"; subprocess.run(["rm","-rf",d]); os.makedirs(d)
    p=[free() for _ in range(7)]
    y=f"""name: pm
orchester: {{ host: 127.0.0.1, service_port: {p[0]}, pub_port: {p[1]}, sub_port: {p[2]},
  backup: {{ host: 127.0.0.1, service_port: {p[3]}, pub_port: {p[4]}, sub_port: {p[5]}, peer_port: {p[6]} }} }}
tracker: {{ metrics: {{ http: "127.0.0.1:0" }}, timeout: 30s }}
satellites:
  gen:   {{ type: generator, send_to: upper, config: {{ count: 200000, payload: msg, payload_size: 16 }} }}
  upper: {{ type: transformer, instances: 2, send_to: out, config: {{ op: upper }} }}
  out:   {{ type: sink, config: {{ path: out/sink.txt }} }}
"""
    open(f"{d}/pm.yaml","w").write(y)
    out=open(f"{d}/out.txt","w"); err=open(f"{d}/err.txt","w")
    proc=subprocess.Popen(["java","-XX:+ExitOnOutOfMemoryError","-cp",os.path.abspath("cli/target/satbus.jar"),"io.satbus.cli.Satbus","run",f"{d}/pm.yaml","--until-drained","--progress","5s","--runs",f"{d}/runs"],cwd=d,stdout=out,stderr=err)
    sink=f"{d}/out/sink.txt"
    while lines(sink)<60000 and proc.poll() is None: time.sleep(0.05)
    pid=int(open(glob.glob(f"{d}/runs/*/orchester.pid")[0]).read())
    at=lines(sink); t0=time.time(); os.kill(pid, signal.SIGKILL)
    held=None
    while held is None and time.time()-t0<10:
        try:
            s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1",p[0])); s.listen(1); held=s
        except OSError: s.close(); time.sleep(0.005)
    # first growth beyond what was in flight (2,000 lines), and the first line after the sink stalled
    stall=None; first=None; resumed=None; last=lines(sink); lastchange=time.time()
    series=open(f"{d}/series.txt","w"); series.write(f"kill {t0:.3f} {time.strftime('%H:%M:%S', time.localtime(t0))} lines {at}\n")
    while proc.poll() is None and resumed is None:
        n=lines(sink); now=time.time()
        series.write(f"{now-t0:.3f} {n}\n")
        if n!=last:
            if stall is not None and first is None: first=now-t0
            last=n; lastchange=now
        elif stall is None and now-lastchange>0.3: stall=lastchange-t0
        if n>=at+2000: resumed=now-t0
        time.sleep(0.01)
    series.close()
    rc=proc.wait(timeout=600)
    final=[l for l in open(f"{d}/out.txt") if "drained" in l]
    results.append(dict(run=run, sink_at_kill=at, stalled_after_s=stall, first_delivery_after_stall_s=first, plus2000_s=resumed, rc=rc, final=final[-1].strip() if final else None))
    print(json.dumps(results[-1]), flush=True)
    if held: held.close()
