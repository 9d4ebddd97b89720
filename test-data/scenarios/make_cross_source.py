#!/usr/bin/env python3
"""Writes test-data/scenarios/cross-source: one morning of an attack seen by three sources, as AWS delivers it.

198.51.100.7 port-scans a host (VPC Flow Logs, 10:00), probes the web shop (ALB, 10:10), brute-forces the console
and gets in (CloudTrail, 10:20), then stops the trail. Around it: ordinary traffic, a host sweep, a password spray,
a large upload and a burst of 502s, so every built-in rule has something to find and something to ignore.
Deterministic (fixed seed): rerunning rewrites the same bytes. Run from the repository root.
"""
import gzip, json, random, uuid, os
from datetime import datetime, timedelta, timezone

R = random.Random(20250601)
ACCOUNT, REGION = "111122223333", "eu-west-1"
T0 = datetime(2025, 6, 1, 10, 0, 0, tzinfo=timezone.utc)
ATTACKER = "198.51.100.7"
OUT = "test-data/scenarios/cross-source"
# Public addresses found in MaxMind's test databases (../shared/fixtures/geoip), so GeoIP/ASN enrichment of the
# scenario has something to find: Linkoping SE AS29518, London GB, Milton US, Changchun CN.
KNOWN = ["89.160.20.112", "89.160.20.128", "81.2.69.142", "81.2.69.160", "216.160.83.56", "175.16.199.1"]


def ts(sec):
    return int((T0 + timedelta(seconds=sec)).timestamp())


def write_gz(key, text):
    path = os.path.join(OUT, key)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        # mtime 0: same bytes on every run
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0) as g:
            g.write(text.encode())


# VPC Flow Logs, default v2 format
flows = []
def flow(sec, src, dst, sport, dport, action, packets=3, nbytes=180, proto=6):
    flows.append((sec, f"2 {ACCOUNT} eni-0a1b2c3d4e5f60718 {src} {dst} {sport} {dport} {proto} {packets} {nbytes} {ts(sec)} {ts(sec + 50)} {action} OK"))

for i in range(60):                      # vertical scan of one host, 60 ports in two minutes
    flow(i * 2, ATTACKER, "10.0.1.5", 41000 + i, 20 + i, "REJECT", 1, 44)
for i in range(30):                      # horizontal sweep of port 22
    flow(300 + i * 3, "203.0.113.66", f"10.0.2.{10 + i}", 52000 + i, 22, "REJECT", 1, 44)
for i in range(4):                       # 4 x 300 MB to one external address: 1.2 GB egress
    flow(900 + i * 120, "10.0.3.4", "192.0.2.200", 50500, 443, "ACCEPT", 200000, 300_000_000)
for i in range(300):                     # ordinary traffic
    src = f"10.0.{R.randint(1, 4)}.{R.randint(2, 250)}"
    dst = R.choice(["52.95.128.179", "10.0.1.5", "10.0.2.20", "172.31.5.9"] + KNOWN)
    flow(R.randint(0, 3500), src, dst, R.randint(1024, 65000), R.choice([443, 80, 53, 5432]), "ACCEPT",
         R.randint(1, 40), R.randint(60, 90000), R.choice([6, 17]))
for i in range(40):                      # inbound from the internet: web clients, and some refused RDP attempts
    src = R.choice(KNOWN)
    rdp = i % 4 == 0
    flow(R.randint(0, 3500), src, "10.0.1.5", R.randint(1024, 65000), 3389 if rdp else 443,
         "REJECT" if rdp else "ACCEPT", R.randint(1, 20), R.randint(60, 40000))
flows.sort()
header = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n"
write_gz(f"AWSLogs/{ACCOUNT}/vpcflowlogs/{REGION}/2025/06/01/{ACCOUNT}_vpcflowlogs_{REGION}_fl-0a1b2c3d4e5f60718_20250601T1000Z_5f3c2a1b.log.gz",
         header + "\n".join(l for _, l in flows) + "\n")

# ALB access logs
albs = []
def alb(sec, client, path, status, ua="Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0", method="GET"):
    t = (T0 + timedelta(seconds=sec)).strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z"
    albs.append((sec, f'https {t} app/shop-prod-alb/4f1b2c3d4e5f6a7b {client}:{R.randint(1024, 65000)} 10.0.12.87:8080 '
                 f'0.001 0.004 0.000 {status} {status} 210 {R.randint(100, 20000)} "{method} https://shop.example.com:443{path} HTTP/1.1" '
                 f'"{ua}" TLS_AES_128_GCM_SHA256 TLSv1.3 arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/shop-web/0a1b2c3d4e5f6071 '
                 f'"Root=1-683c2a36-{uuid.UUID(int=R.getrandbits(128)).hex[:24]}" "shop.example.com" "-" 10 {t} "forward" "-" "-" '
                 f'"10.0.12.87:8080" "{status}" "-" "-"'))

probes = ["/.git/config", "/.env", "/wp-login.php", "/admin", "/phpmyadmin/", "/server-status", "/backup.zip", "/config.php"]
for i in range(70):                      # content discovery by the attacker
    p = probes[i] if i < len(probes) else f"/admin/{i}.php"
    alb(600 + i * 2, ATTACKER, p, 404, ua="Mozilla/5.0 (compatible; Nmap Scripting Engine)")
for i in range(60):                      # 502 burst while a target group is down
    alb(1800 + i, f"192.0.2.{R.randint(1, 254)}", "/checkout", 502)
for i in range(400):                     # shoppers
    alb(R.randint(0, 3500), R.choice(KNOWN + [f"203.0.113.{R.randint(1, 254)}"] * 4), R.choice(["/", "/products/list.html", "/cart", "/static/app.js"]),
        R.choice([200, 200, 200, 304, 404]))
albs.sort()
write_gz(f"AWSLogs/{ACCOUNT}/elasticloadbalancing/{REGION}/2025/06/01/{ACCOUNT}_elasticloadbalancing_{REGION}_app.shop-prod-alb.4f1b2c3d4e5f6a7b_20250601T1000Z_10.0.1.17_3k9x2m1q.log.gz",
         "\n".join(l for _, l in albs) + "\n")

# CloudTrail
records = []
def ct(sec, name, source, ip, user, ua="Mozilla/5.0", error=None, response=None, request=None, identity_type="IAMUser", extra=None):
    r = {"eventVersion": "1.08",
         "userIdentity": {"type": identity_type, "principalId": "AIDA" + uuid.UUID(int=R.getrandbits(128)).hex[:16].upper(),
                          "arn": f"arn:aws:iam::{ACCOUNT}:user/{user}", "accountId": ACCOUNT, "userName": user},
         "eventTime": (T0 + timedelta(seconds=sec)).strftime("%Y-%m-%dT%H:%M:%SZ"), "eventSource": source, "eventName": name,
         "awsRegion": REGION if source != "signin.amazonaws.com" else "us-east-1", "sourceIPAddress": ip, "userAgent": ua,
         "requestParameters": request, "responseElements": response,
         "requestID": str(uuid.UUID(int=R.getrandbits(128))), "eventID": str(uuid.UUID(int=R.getrandbits(128))),
         "readOnly": name.startswith(("Get", "List", "Describe")), "eventType": "AwsApiCall", "managementEvent": True,
         "recipientAccountId": ACCOUNT, "eventCategory": "Management"}
    if error:
        r["errorMessage"] = error
    if extra:
        r.update(extra)
    records.append((sec, r))

def login(sec, ip, user, ok):
    ct(sec, "ConsoleLogin", "signin.amazonaws.com", ip, user, error=None if ok else "Failed authentication",
       response={"ConsoleLogin": "Success" if ok else "Failure"},
       extra={"eventType": "AwsConsoleSignIn", "additionalEventData": {"LoginTo": "https://console.aws.amazon.com/console/home",
                                                                      "MobileVersion": "No", "MFAUsed": "No"}})

for i in range(8):                       # brute force, then success
    login(1200 + i * 15, ATTACKER, "admin", False)
login(1340, ATTACKER, "admin", True)
ct(1500, "StopLogging", "cloudtrail.amazonaws.com", ATTACKER, "admin",
   request={"name": f"arn:aws:cloudtrail:{REGION}:{ACCOUNT}:trail/management-events"})
for i, u in enumerate(["alice", "bob", "carol", "dave", "erin", "frank"]):   # password spray
    login(2400 + i * 20, "192.0.2.50", u, False)
for i in range(120):                     # ordinary API activity
    name, source = R.choice([("DescribeInstances", "ec2.amazonaws.com"), ("GetObject", "s3.amazonaws.com"),
                             ("ListBuckets", "s3.amazonaws.com"), ("AssumeRole", "sts.amazonaws.com"),
                             ("PutMetricData", "monitoring.amazonaws.com")])
    ct(R.randint(0, 3500), name, source, R.choice(KNOWN + [f"10.0.{R.randint(1, 4)}.{R.randint(2, 250)}"] * 3), R.choice(["deploy-bot", "alice", "bob"]),
       ua="aws-sdk-java/2.25.0 Linux/5.10")
records.sort(key=lambda x: x[0])
write_gz(f"AWSLogs/{ACCOUNT}/CloudTrail/{REGION}/2025/06/01/{ACCOUNT}_CloudTrail_{REGION}_20250601T1000Z_Xk2a9QbN4sLz7Tfe.json.gz",
         json.dumps({"Records": [r for _, r in records]}, separators=(",", ":")))
print("wrote", len(flows), "flows,", len(albs), "ALB lines,", len(records), "CloudTrail records")
