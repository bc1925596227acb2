#!/usr/bin/env python3
"""Splits JFR execution samples of Lodestar on Payara Micro: python3 bench/profile_split.py samples.json.

Each sample is charged to the first frame, from the top of its stack, that is not the JDK's (java., javax.,
jdk., sun., com.sun.): a socket write called by HttpClient is the client's, one called by Grizzly the
container's. Prints the split (container / Lodestar / backend client / JDK only) and the top frames of each.
"""
import collections
import json
import sys

JDK = ("java.", "javax.", "jdk.", "sun.", "com.sun.")
CLIENT = ("org.apache.http.", "org.mitre.", "org.apache.commons.logging.")


CONTAINER_PARTS = (
    ("security (Catalina authenticator, JASPIC, Soteria, JACC)", ("org.apache.catalina.authenticator.",
        "com.sun.enterprise.security.", "org.glassfish.soteria.", "org.glassfish.exousia.", "com.sun.web.security.",
        "org.apache.catalina.realm.", "fish.payara.security.")),
    ("CDI (Weld)", ("org.jboss.weld.",)),
    ("Payara (request tracing, monitoring, HK2)", ("fish.payara.", "org.glassfish.hk2.", "org.jvnet.hk2.")),
    ("Catalina (servlet pipeline)", ("org.apache.catalina.", "org.glassfish.web.", "com.sun.enterprise.web.")),
    ("Grizzly (HTTP codec, I/O)", ("org.glassfish.grizzly.",)),
)


def category(cls):
    if cls.startswith("org.lodestar."):
        return "Lodestar"
    if cls.startswith(CLIENT):
        return "backend client (HttpClient 4, MITRE servlet)"
    for name, prefixes in CONTAINER_PARTS:
        if cls.startswith(prefixes):
            return "container: " + name
    return "container: other"


def main():
    events = json.load(open(sys.argv[1]))["recording"]["events"]
    totals = collections.Counter()
    tops = collections.defaultdict(collections.Counter)
    for event in events:
        frames = (event["values"].get("stackTrace") or {}).get("frames") or []
        cat, where = "JDK only (threads with no application frame)", None
        for frame in frames:
            method = frame["method"]
            cls = method["type"]["name"].replace("/", ".")
            if not cls.startswith(JDK):
                cat, where = category(cls), cls + "." + method["name"]
                break
        totals[cat] += 1
        tops[cat][where or (frames[0]["method"]["type"]["name"] + "." + frames[0]["method"]["name"] if frames else "?")] += 1
    n = sum(totals.values())
    print(f"{n} samples")
    for cat, count in totals.most_common():
        print(f"{100 * count / n:5.1f} %  {cat}")
        for where, c in tops[cat].most_common(8):
            print(f"          {100 * c / n:5.1f} %  {where}")


if __name__ == "__main__":
    main()
