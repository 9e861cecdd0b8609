"""No overbooking under real parallel requests: many families POST at the same moment to
a threaded HTTP server, each request on its own database connection, and the group ends
with exactly its places confirmed and its waiting list full, the rest answered 409.
Cancellations racing with new sign-ups never let a newcomer past the waiting list.

Runs on the database of the suite: SQLite in the normal run, PostgreSQL when
DATABASE_URL points to it (the `postgres` case, required in CI).

SQLite's test database lives in memory, and Django's live server would hand every
request thread that one shared connection: the requests would not be parallel at all.
So on SQLite the test copies the migrated test database to a file and points new
connections there; then each request opens its own connection and the database's
single-writer lock (`BEGIN IMMEDIATE`, busy timeout) is what is tested.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import urllib.error
import urllib.request
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection, connections
from django.test.testcases import LiveServerThread

from perhekeskus.activities.tests.conftest import helsinki
from perhekeskus.groups import services
from perhekeskus.groups.models import PLACE_STATUSES, Group, Signup, SignupStatus
from perhekeskus.network import services as network_services
from perhekeskus.network.models import Area, AreaKind, Organisation

ON_EACH_DATABASE = pytest.mark.parametrize(
    "vendor",
    [
        pytest.param(
            "sqlite", marks=pytest.mark.skipif(connection.vendor != "sqlite", reason="the suite runs on PostgreSQL")
        ),
        pytest.param(
            "postgresql",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(connection.vendor != "postgresql", reason="needs DATABASE_URL on PostgreSQL"),
            ],
        ),
    ],
)
pytestmark = [pytest.mark.django_db(transaction=True), ON_EACH_DATABASE]
CLIENTS = 60


class _Server(ThreadedWSGIServer):
    # Sixty clients connect at once; the default backlog of 10 would make the kernel
    # drop and retry connections, which tests nothing but TCP.
    request_queue_size = 128


class _ServerThread(LiveServerThread):
    server_class = _Server


@pytest.fixture
def server(transactional_db: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A threaded HTTP server whose request threads each open their own connection."""
    memory = connections["default"]
    file_connection = None
    if memory.vendor == "sqlite" and memory.is_in_memory_db():
        path = tmp_path / "parallel.sqlite3"
        memory.ensure_connection()
        target = sqlite3.connect(path)
        memory.connection.backup(target)
        target.close()
        monkeypatch.setitem(connections.settings, "default", {**memory.settings_dict, "NAME": str(path)})
        file_connection = connections.create_connection("default")
        connections["default"] = file_connection
    thread = _ServerThread("127.0.0.1", lambda handler: handler, connections_override=None)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait(timeout=30)
    if thread.error:
        raise thread.error
    try:
        yield f"http://127.0.0.1:{thread.port}"
    finally:
        thread.terminate()
        if file_connection is not None:
            file_connection.close()
            connections["default"] = memory


def make_group(capacity: int, waiting: int) -> Group:
    area = Area.objects.create(slug="tapiola", kind=AreaKind.DISTRICT, name_fi="Tapiola")
    org = Organisation.objects.create(slug="espoo", kind="municipality", sector="social", name_fi="Espoo", area=area)
    place = network_services.place_create(
        actor=None,
        data={
            "organisation": org,
            "kind": "clinic",
            "name_fi": "Neuvola",
            "area": area,
            "street_address": "Tapiontori 1",
            "city": "Espoo",
        },
    )
    return services.group_create(
        actor=None,
        activity_data={"organisation": org, "title_fi": "Perhevalmennus", "place": place},
        group_data={"capacity": capacity, "waiting_list_capacity": waiting, "minimum": 1},
        sessions=[
            {"start": helsinki(2030, 2, 5 + 7 * i, 17), "end": helsinki(2030, 2, 5 + 7 * i, 19)} for i in range(3)
        ],
    )


def call(method: str, url: str, body: dict[str, Any] | None = None) -> tuple[int, dict[str, Any]]:
    data = json.dumps(body).encode() if body is not None else None
    # Only ever the test server's own http:// address: no file: or other schemes to fear.
    headers = {"Content-Type": "application/json"}
    request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            raw = response.read()
            return response.status, json.loads(raw) if raw else {}
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def all_at_once(calls: list[Callable[[], tuple[int, dict[str, Any]]]]) -> list[tuple[int, dict[str, Any]]]:
    """Run the calls in as many threads, released together by a barrier."""
    barrier = threading.Barrier(len(calls), timeout=30)

    def run(work: Callable[[], tuple[int, dict[str, Any]]]) -> tuple[int, dict[str, Any]]:
        barrier.wait()
        return work()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = [pool.submit(run, work) for work in calls]
        return [f.result(timeout=120) for f in futures]


def sign_up_call(base: str, group: Group, n: int) -> Callable[[], tuple[int, dict[str, Any]]]:
    body = {"name": f"Perhe {n}", "email": f"perhe{n}@example.fi", "language": "fi"}
    return lambda: call("POST", f"{base}/api/v1/groups/{group.uuid}/signups/", body)


def test_sixty_families_at_once_fill_twelve_places_and_twenty_waiting(server: str, vendor: str) -> None:
    group = make_group(capacity=12, waiting=20)

    answers = all_at_once([sign_up_call(server, group, n) for n in range(CLIENTS)])

    codes = Counter(code for code, _body in answers)
    assert codes == {201: 32, 409: 28}, answers
    said = Counter(body["status"] for code, body in answers if code == 201)
    assert said == {"confirmed": 12, "waiting": 20}
    stored = Counter(Signup.objects.filter(group=group).values_list("status", flat=True))
    assert stored == {SignupStatus.CONFIRMED: 12, SignupStatus.WAITING: 20}
    # Each answer is the row it created, and the places went in sign-up order.
    by_id = dict(Signup.objects.filter(group=group).values_list("uuid", "status"))
    assert all(by_id[uuid.UUID(body["id"])] == body["status"] for code, body in answers if code == 201)
    ordered = list(Signup.objects.filter(group=group).order_by("created_at", "id").values_list("status", flat=True))
    assert ordered == [SignupStatus.CONFIRMED] * 12 + [SignupStatus.WAITING] * 20


def test_cancellations_racing_with_newcomers_free_places_only_for_the_waiting_list(server: str, vendor: str) -> None:
    group = make_group(capacity=12, waiting=20)
    first = [sign_up_call(server, group, n)() for n in range(22)]  # 12 confirmed, 10 waiting, one at a time
    assert [body["status"] for _code, body in first] == ["confirmed"] * 12 + ["waiting"] * 10
    original_waiting = [body["id"] for _code, body in first[12:]]
    cancel = [body["cancellation_url"] for _code, body in first[:6]]

    over_capacity: list[int] = []
    stop = threading.Event()

    def watch() -> None:
        try:
            while not stop.is_set():
                taken = Signup.objects.filter(group=group, status__in=PLACE_STATUSES).count()
                if taken > group.capacity:
                    over_capacity.append(taken)
        finally:
            connections.close_all()

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        calls = [(lambda url=url: call("DELETE", url)) for url in cancel]
        calls += [sign_up_call(server, group, n) for n in range(100, 130)]
        answers = all_at_once(calls)
    finally:
        stop.set()
        watcher.join()

    assert [code for code, _body in answers[:6]] == [204] * 6
    newcomers = answers[6:]
    assert {code for code, _body in newcomers} <= {201, 409}
    assert {body["status"] for code, body in newcomers if code == 201} <= {"waiting"}  # never confirmed
    assert not over_capacity
    stored = Counter(Signup.objects.filter(group=group).values_list("status", flat=True))
    assert stored[SignupStatus.CONFIRMED] == 6 and stored[SignupStatus.OFFERED] == 6
    assert stored[SignupStatus.CANCELLED] == 6
    accepted = sum(1 for code, _body in newcomers if code == 201)
    assert stored[SignupStatus.WAITING] == 4 + accepted <= 20
    # The freed places were offered to the first six who were waiting, in their order.
    offered = set(Signup.objects.filter(group=group, status=SignupStatus.OFFERED).values_list("uuid", flat=True))
    assert {str(u) for u in offered} == set(original_waiting[:6])
