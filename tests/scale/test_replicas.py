"""Two Rasa servers, two action servers and an intake API with two workers behind nginx,
on PostgreSQL and Redis, started as ``make run``'s production profile starts them
(scripts/cluster.py). Residents' turns alternate between the Rasa servers; one Rasa
server and one action server are killed mid-run; a Twilio message replayed to both Rasa
servers is handled once.

Slow (a few minutes): its own step in scripts/test.sh. Skips, saying why, where nginx,
PostgreSQL, Redis or a trained model is missing.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import httpx
import pytest
from channels.common import conversation_id
from twilio.request_validator import RequestValidator

from scripts.cluster import Cluster, ensure_database, nginx_binary
from scripts.resident import RestResident, complaint_script
from scripts.stack import ROOT, free_port

pytestmark = pytest.mark.e2e

TWILIO_SID = "AC" + "1" * 32
TWILIO_TOKEN = "scale-test-auth-token"
TWILIO_NUMBER = "+447700900000"
ID_SECRET = "scale-test-conversation-id-secret"
CONVERSATIONS = 40
OPENINGS = [
    (("I want to make a complaint, the repair to my kitchen ceiling was booked three times "
     "and nobody came"), "ceiling"),
    (("Really unhappy. Reported the broken front door lock in August and still waiting, no "
     "one calls back"), "lock"),
    ("complaint about the contractor who left my bathroom half tiled and never came back",
     "tiled"),
    (("The mould in my sons room has been reported 4 times and you keep sending someone to "
     "paint over it"), "mould"),
]
FIRST = ["Amira", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace", "Harry"]
LAST = ["Khan", "Walsh", "Evans", "Patel", "Brown"]
OUTCOMES = ["Fix it properly", "Put it right and say sorry", "Send someone who can fix it",
            "Repair it and pay for the damage", "Fix it and keep me informed"]


class StandInTwilio:
    """Twilio's Messages API on 127.0.0.1, in a thread: records what the bot sends."""

    def __init__(self) -> None:
        self.messages: list[dict[str, str]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                outer.messages.append(dict(parse_qsl(body)))
                answer = json.dumps({"sid": f"SM{uuid.uuid4().hex}", "status": "queued"}).encode()
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()


def alternation_conf(cluster: Cluster, port: int) -> str:
    """A private listener for this test: ``/1/…`` prefers the first Rasa server and
    ``/2/…`` the second, each falling back to the other, so a resident's turns alternate
    between the servers through the proxy and carry on when one is killed."""
    first, second = (f"127.0.0.1:{p}" for p in cluster.rasa_ports)
    return f"""
upstream rasa_first_1 {{ server {first} max_fails=1 fail_timeout=30s; server {second} backup; }}
upstream rasa_first_2 {{ server {second} max_fails=1 fail_timeout=30s; server {first} backup; }}
server {{
    listen 127.0.0.1:{port};
    location /1/ {{ proxy_pass http://rasa_first_1/; proxy_next_upstream error timeout;
                   proxy_read_timeout 120s; add_header X-Upstream $upstream_addr always; }}
    location /2/ {{ proxy_pass http://rasa_first_2/; proxy_next_upstream error timeout;
                   proxy_read_timeout 120s; add_header X-Upstream $upstream_addr always; }}
}}
"""


@pytest.fixture(scope="module")
def twilio_api() -> Iterator[StandInTwilio]:
    api = StandInTwilio()
    yield api
    api.stop()


@pytest.fixture(scope="module")
def cluster(redis_url: str, intake_database: str, twilio_api: StandInTwilio) -> Iterator[Cluster]:
    if nginx_binary() is None:
        pytest.skip("nginx is not installed (Debian: apt-get install nginx)")
    if not any((ROOT / "bot" / "models").glob("*.tar.gz")):
        pytest.skip("no trained model: run `make model` first")
    database_url = intake_database
    ensure_database(database_url)
    cluster = Cluster(
        database_url=database_url, redis_url=redis_url, api_workers=2,
        rasa_replicas=2, action_replicas=2, lock_lifetime=15,
        extra_env={"TWILIO_ACCOUNT_SID": TWILIO_SID, "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
                   "TWILIO_NUMBER": TWILIO_NUMBER, "TWILIO_API_BASE_URL": twilio_api.url,
                   "CHANNEL_ID_SECRET": ID_SECRET, "OUTBOX_POLL_SECONDS": "1",
                   "OUTBOX_RETRY_SECONDS": "1", "INTAKE_SLA_MONITOR_INTERVAL_SECONDS": "0"})
    cluster.extra_env["TWILIO_WEBHOOK_BASE_URL"] = cluster.public_url
    cluster.alternation_port = free_port()
    (cluster.nginx_dir / "conf.d").mkdir(mode=0o700, parents=True, exist_ok=True)
    (cluster.nginx_dir / "conf.d" / "alternate.conf").write_text(
        alternation_conf(cluster, cluster.alternation_port))
    try:
        cluster.start_all()
        cluster.admin_key = cluster.create_api_key("scale-test")
        yield cluster
    finally:
        cluster.stop_all()


def listening_addresses(port: int) -> set[str]:
    """The addresses something listens on at ``port`` (IPv4 and IPv6), from /proc."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, _, hex_port = fields[1].rpartition(":")
            if fields[3] == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def test_nothing_listens_beyond_loopback_and_the_proxy_routes_only_public_paths(cluster):
    ports = [cluster.api_port, cluster.proxy_port, cluster.rasa_port, cluster.actions_port,
             *cluster.rasa_ports, *cluster.action_ports]
    for port in ports:
        assert listening_addresses(port) == {"0100007F"}, port  # 127.0.0.1 only
    assert len(set(cluster.model_ids().values())) == 1  # one model, every server
    public = cluster.public_url
    assert httpx.get(f"{public}/", timeout=10).status_code == 200  # the web chat page
    for path in ("/conversations/x/tracker", "/status", "/model", "/webhooks/rest/webhook",
                 "/metrics", "/healthz", "/webhook", "/health"):
        assert httpx.get(f"{public}{path}", timeout=10).status_code == 404, path
    assert httpx.get(f"{public}/webhooks/twilio/webhook", timeout=10).status_code == 403
    # Notice delivery callbacks reach the intake API, which refuses an unsigned one (403),
    # or says Twilio is not set up (503) — never the proxy's 404.
    status = httpx.post(f"{public}/webhooks/twilio/status", data={"MessageSid": "SM1",
                        "MessageStatus": "delivered"}, timeout=10).status_code
    assert status in (403, 503), status


def signed_twilio(cluster: Cluster, params: dict[str, str]) -> dict[str, str]:
    url = f"{cluster.public_url}/webhooks/twilio/webhook"  # the URL Twilio signs
    return {"Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": RequestValidator(TWILIO_TOKEN).compute_signature(url, params)}


def test_a_message_sid_replayed_to_both_rasa_servers_is_handled_once(cluster, twilio_api):
    phone = "+447700900777"
    sid = f"SM{uuid.uuid4().hex}"
    params = {"MessageSid": sid, "From": phone, "To": TWILIO_NUMBER, "NumMedia": "0",
              "Body": "I want to make a complaint, nobody has fixed my boiler for weeks"}
    body, headers = urlencode(params), signed_twilio(cluster, params)
    targets = [cluster.replica_url(n) for n in cluster.rasa_names] * 2 + [cluster.public_url] * 2

    def send(base: str) -> int:
        return httpx.post(f"{base}/webhooks/twilio/webhook", content=body, headers=headers,
                          timeout=30).status_code

    with ThreadPoolExecutor(len(targets)) as pool:
        assert list(pool.map(send, targets)) == [200] * len(targets)

    tracker_url = cluster.tracker_url(conversation_id("sms", phone, ID_SECRET.encode()))

    def handled() -> list[dict]:
        events = httpx.get(tracker_url, timeout=30).json().get("events") or []
        return [e for e in events if e.get("event") == "user" and e.get("message_id") == sid]

    deadline = time.monotonic() + 90
    while not handled() or not [m for m in twilio_api.messages if m.get("To") == phone]:
        assert time.monotonic() < deadline, "the message was never handled"
        time.sleep(0.5)
    time.sleep(3)  # time for a second handling to show, if there were one
    assert len(handled()) == 1
    replies = [m for m in twilio_api.messages if m.get("To") == phone]
    assert replies and all(m["From"] == TWILIO_NUMBER for m in replies)


def test_a_turn_sent_again_to_the_other_server_is_answered_from_the_saved_conversation(cluster):
    sender, message_id = f"retry-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    body = {"sender": sender, "message": OPENINGS[0][0], "message_id": message_id}
    first, second = (f"{cluster.replica_url(n)}/webhooks/rest/webhook" for n in cluster.rasa_names)
    answer = httpx.post(first, json=body, timeout=120).raise_for_status().json()
    again = httpx.post(second, json=body, timeout=120).raise_for_status().json()
    assert again == answer and any(m.get("text") for m in answer)
    events = httpx.get(cluster.tracker_url(sender), timeout=30).json()["events"]
    assert [e.get("message_id") for e in events if e["event"] == "user"] == [message_id]


class AlternatingResident(RestResident):
    """Sends turn 1 to the first Rasa server, turn 2 to the second, and so on, through the
    proxy; a turn whose server died under it (502) is sent again, as a resident would."""

    def __init__(self, base_url: str, opening: str, name: str, outcome: str) -> None:
        super().__init__(base_url, complaint_script(opening, name=name, outcome=outcome))
        self.opening = opening
        self.turns = 0
        self.served: list[tuple[int, str, float]] = []  # (preferred server, who answered, when)
        self.resent = 0

    def say(self, text: str, client: httpx.Client | None = None) -> list[str]:
        prefer = 1 + self.turns % 2
        self.turns += 1
        url = f"{self.rasa_url}/{prefer}/webhooks/rest/webhook"
        # The same id on every attempt: a turn that was saved before its server died is
        # answered from the conversation, not handled twice (bot/channels/rest.py).
        body = {"sender": self.sender, "message": text, "message_id": uuid.uuid4().hex}
        for attempt in range(6):
            try:
                response = (client or httpx).post(url, json=body, timeout=120)
                if response.status_code not in (502, 503, 504):
                    break
            except httpx.TransportError:
                pass
            self.resent += 1
            time.sleep(1 + attempt)
        response.raise_for_status()
        # nginx lists every server it tried; the last one answered.
        answered = response.headers.get("X-Upstream", "").split(", ")[-1]
        self.served.append((prefer, answered, time.monotonic()))
        replies = [m.get("text", "") for m in response.json()]
        self.heard += replies
        return replies


def cases_by_conversation(cluster: Cluster) -> dict[str, list[dict]]:
    headers = {"Authorization": f"Bearer {cluster.admin_key}"}
    with httpx.Client(base_url=cluster.api_url, headers=headers, timeout=30) as api:
        page = api.get("/api/v1/cases", params={"page_size": 200}).raise_for_status().json()
        assert page["total"] <= 200
        found: dict[str, list[dict]] = {}
        for item in page["items"]:
            case = api.get(f"/api/v1/cases/{item['reference']}").raise_for_status().json()
            found.setdefault(case.get("conversation_id"), []).append(case)
    return found


def test_forty_conversations_alternating_between_replicas_lose_nothing_when_one_of_each_dies(
        cluster):
    residents = []
    for i in range(CONVERSATIONS):
        opening, _ = OPENINGS[i % len(OPENINGS)]
        residents.append(AlternatingResident(
            f"http://127.0.0.1:{cluster.alternation_port}", opening,
            f"{FIRST[i % len(FIRST)]} {LAST[i // len(FIRST)]}", OUTCOMES[i % len(OUTCOMES)]))
    killed: dict[str, float] = {}
    finished = threading.Event()
    completed: list[str] = []

    def kill_mid_run() -> None:
        # Once every conversation has had turns on both servers and about half of all
        # turns are done: a Rasa server and an action server die without warning.
        while not finished.is_set():
            turns = [r.turns for r in residents]
            if min(turns) >= 3 and sum(turns) >= CONVERSATIONS * 5:
                killed["at"] = time.monotonic()
                killed["completed_before"] = len(completed)
                cluster.kill("rasa-2")
                cluster.kill("actions-2")
                return
            time.sleep(0.1)

    def converse(resident: AlternatingResident) -> None:
        try:
            with httpx.Client() as client:
                resident.talk_until("Your reference is", resident.opening, max_turns=40,
                                    client=client)
        except (AssertionError, httpx.HTTPError) as exc:
            raise AssertionError(f"{resident.sender} after {resident.turns} turns "
                                 f"(served by {resident.served[-3:]}, killed at "
                                 f"{killed.get('at')}): {str(exc)[-400:]}") from exc
        completed.append(resident.sender)

    killer = threading.Thread(target=kill_mid_run)
    killer.start()
    try:
        with ThreadPoolExecutor(CONVERSATIONS) as pool:
            errors = [f.exception() for f in [pool.submit(converse, r) for r in residents]]
    finally:
        finished.set()
        killer.join()
    print(f"{CONVERSATIONS} conversations, {sum(r.turns for r in residents)} turns; rasa-2 and "
          f"actions-2 killed with {killed.get('completed_before')} finished; "
          f"{sum(r.resent for r in residents)} turns sent again after a 502")
    assert not [e for e in errors if e], [str(e)[:800] for e in errors if e][:3]
    assert "at" in killed, "nothing was killed: the run ended first"
    assert killed["completed_before"] < CONVERSATIONS  # it was mid-run

    first, second = (f"127.0.0.1:{port}" for port in cluster.rasa_ports)
    for resident in residents:
        before = [(prefer, who) for prefer, who, when in resident.served if when < killed["at"]]
        # Before the kill each turn went to the server it alternated to; every
        # conversation was answered by both.
        assert all(who == (first if prefer == 1 else second) for prefer, who in before), before
        assert {who for _, who in before} == {first, second}
        after = [who for _, who, when in resident.served if when > killed["at"] + 1]
        assert set(after) <= {first}

    # Exactly one correct complaint per conversation (and any repair it raised, once).
    cases = cases_by_conversation(cluster)
    for i, resident in enumerate(residents):
        filed = cases.get(resident.sender, [])
        kinds = [case["kind"] for case in filed]
        assert kinds.count("complaint") == 1 and len(kinds) == len(set(kinds)), (i, kinds)
        complaint = next(case for case in filed if case["kind"] == "complaint")
        opening, topic = OPENINGS[i % len(OPENINGS)]
        assert complaint["channel"] == "rest"
        assert complaint["complainant"]["name"] == f"{FIRST[i % len(FIRST)]} {LAST[i // len(FIRST)]}"
        assert complaint["definition"]["desired_outcome"] == OUTCOMES[i % len(OUTCOMES)]
        assert topic in " ".join(complaint["definition"]["points"]).lower()
        assert complaint["reference"] in "\n".join(resident.heard)
