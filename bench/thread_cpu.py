#!/usr/bin/env python3
"""CPU of a JVM's threads over an interval, grouped by thread name: python3 bench/thread_cpu.py PID SECONDS.

Separates what a mostly idle Lodestar spends its CPU on (JIT compilers, Hazelcast, the managed executor
running health checks, the timer service) from /proc/PID/task/*/stat (utime + stime) sampled twice.
"""
import collections
import os
import sys
import time


def snapshot(pid):
    threads = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = open(f"/proc/{pid}/task/{tid}/stat").read()
        except OSError:
            continue  # the thread ended
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        threads[tid] = (name, int(fields[11]) + int(fields[12]))
    return threads


def group(name):
    """Thread pools number their threads; Hazelcast prefixes them with the instance name."""
    if name.startswith("hz."):
        return "hazelcast (hz.*)"
    return name.rstrip("0123456789-( ").strip() or name


def main():
    pid, seconds = sys.argv[1], float(sys.argv[2])
    tck = os.sysconf("SC_CLK_TCK")
    before = snapshot(pid)
    time.sleep(seconds)
    after = snapshot(pid)
    ticks = collections.Counter()
    for tid, (name, used) in after.items():
        ticks[group(name)] += used - before.get(tid, (name, 0))[1]
    total = sum(ticks.values())
    print(f"total {100 * total / tck / seconds:.2f} % of one core over {seconds:.0f} s")
    for name, used in ticks.most_common():
        if used > 0:
            print(f"  {100 * used / tck / seconds:6.2f} %  {name}")


if __name__ == "__main__":
    main()
