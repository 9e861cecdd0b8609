"""What each role finds in the admin, decided by roles rather than Django's model permissions."""

from __future__ import annotations

import pytest

from perhekeskus.network.tests.admin_forms import make_staff


def models_listed(response):
    return {(app["app_label"], m["object_name"]) for app in response.context["app_list"] for m in app["models"]}


@pytest.mark.parametrize(
    ("who", "expected", "absent"),
    [
        ("ada", {("core", "AuditEntry"), ("accounts", "Membership"), ("network", "Area")}, set()),
        ("cora", {("accounts", "Membership"), ("accounts", "User"), ("network", "Service")}, {("core", "AuditEntry")}),
        (
            "elsa",
            {("network", "Service"), ("network", "Place"), ("network", "ContactPerson"), ("accounts", "ApiToken")},
            {("accounts", "Membership"), ("accounts", "User"), ("core", "AuditEntry")},
        ),
    ],
)
def test_the_admin_index_lists_what_the_role_keeps(client, network, who, expected, absent):
    client.force_login(make_staff(network["people"][who]))
    response = client.get("/admin/")
    assert response.status_code == 200
    listed = models_listed(response)
    assert expected <= listed
    assert not absent & listed


def test_editors_see_areas_but_cannot_add_them(client, network):
    client.force_login(make_staff(network["people"]["elsa"]))
    areas = [
        m for app in client.get("/admin/").context["app_list"] for m in app["models"] if m["object_name"] == "Area"
    ]
    assert areas and not areas[0]["add_url"]
    assert client.get("/admin/network/area/add/").status_code == 403


@pytest.mark.parametrize("who", ["pia", "vilja"])
def test_professionals_and_volunteers_are_not_let_in(client, network, who):
    client.force_login(make_staff(network["people"][who]))
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/network/service/").status_code == 302
