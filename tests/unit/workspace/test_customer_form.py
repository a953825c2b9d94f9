"""The customer form: bad fields are named before anything is written; an edit sends what changed."""

from __future__ import annotations

import datetime as dt

import pytest

from softphone.store.customers import AddressInfo, CustomerCard, PhoneInfo
from softphone.workspace.customer_form import (
    AddressForm,
    CustomerForm,
    FormProblems,
    create_request,
    form_of,
    update_request,
)

CARD = CustomerCard(
    id=1,
    crm_id="C-1",
    version=3,
    name="Иванова Анна",
    email="anna@mail.ru",
    notes="",
    phones=(PhoneInfo("+79161234567", "mobile"),),
    addresses=(AddressInfo("Москва", "ул. Ленина", "10", "25", "101000", None),),
    tags=("VIP",),
    recent_orders=(),
    updated_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
)


def test_a_new_customer_from_what_the_operator_typed() -> None:
    form = CustomerForm(
        name="  Сидоров Иван ",
        phones=(("8 (916) 765-43-21", "mobile"), ("", "home")),
        email="ivan@example.ru",
        addresses=(AddressForm("Тула", "Советская", "5", flat="12"), AddressForm()),
        tags=("опт", "опт", " VIP "),
    )
    request = create_request(form)
    assert request.name == "Сидоров Иван"
    assert [p.e164 for p in request.phones] == ["+79167654321"]
    assert request.tags == ["опт", "VIP"] and len(request.addresses) == 1
    assert request.addresses[0].flat == "12" and request.addresses[0].postcode is None


def test_every_bad_field_is_named() -> None:
    form = CustomerForm(
        name=" ",
        phones=(("12", "mobile"),),
        email="not-an-email",
        addresses=(AddressForm(city="Тула", postcode="12"),),
        tags=("x" * 51,),
    )
    with pytest.raises(FormProblems) as caught:
        create_request(form)
    assert caught.value.problems == {
        "name": "required",
        "phones.0": "not_a_phone",
        "email": "bad_email",
        "addresses.0.street": "required",
        "addresses.0.house": "required",
        "addresses.0.postcode": "bad_postcode",
        "tags": "too_long",
    }


def test_an_edit_sends_only_what_changed() -> None:
    unchanged = form_of(CARD)
    assert update_request(unchanged, CARD) is None
    edited = CustomerForm(
        name=unchanged.name,
        phones=(*unchanged.phones, ("+7 495 111-22-33", "work")),
        email="",
        addresses=unchanged.addresses,
        tags=("VIP", "опт"),
        notes="звонить вечером",
    )
    update = update_request(edited, CARD)
    assert update is not None
    assert update.model_dump(exclude_unset=True, mode="json") == {
        "phones": [{"e164": "+79161234567", "kind": "mobile"}, {"e164": "+74951112233", "kind": "work"}],
        "email": None,
        "tags": ["VIP", "опт"],
        "notes": "звонить вечером",
    }
