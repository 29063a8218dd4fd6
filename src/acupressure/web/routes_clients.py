"""A practitioner's clients: the list, adding one, resetting a password, and reading one
client's diary. Every route asks the clinic whether this is the practitioner's own client
(`Accounts.client_of`); anyone else's is 404, and a client is 403 here altogether."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from acupressure.clinic.accounts import Account, Accounts
from acupressure.diary.store import DiaryStore
from acupressure.web.clinic_auth import PractitionerDep
from acupressure.web.routes_diary import diary_context

router = APIRouter()


class NewClient(BaseModel):
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=1000)


class NewPassword(BaseModel):
    password: str = Field(min_length=1, max_length=1000)


def accounts(request: Request) -> Accounts:
    found: Accounts = request.app.state.accounts
    return found


def own_client(request: Request, practitioner: Account, client_id: int) -> Account:
    """The practitioner's own client, else 404 (NotFound is the clinic's BadInput)."""
    return accounts(request).client_of(practitioner, client_id)


def _client_in_path(request: Request, practitioner: PractitionerDep, client_id: int) -> Account:
    return own_client(request, practitioner, client_id)


# The `{client_id}` of the route's path, as the practitioner's own client (else 404).
ClientDep = Annotated[Account, Depends(_client_in_path)]


def client_diary(request: Request, client: Account) -> DiaryStore:
    return DiaryStore(request.app.state.engine, owner=client.owner)


@router.get("/api/clients", tags=["clinic"], summary="The practitioner's own clients")
def clients_json(request: Request, practitioner: PractitionerDep) -> list[dict[str, object]]:
    return [client.to_json() for client in accounts(request).clients_of(practitioner)]


@router.post("/api/clients", tags=["clinic"], status_code=201, summary="Add a client")
def add_client_json(
    request: Request, practitioner: PractitionerDep, client: NewClient
) -> dict[str, object]:
    added = accounts(request).add(
        email=client.email,
        role="client",
        password=client.password,
        practitioner_email=practitioner.email,
    )
    return added.to_json()


@router.get(
    "/api/clients/{client_id}", tags=["clinic"], summary="One of the practitioner's clients"
)
def client_json(client: ClientDep) -> dict[str, object]:
    return client.to_json()


@router.get("/api/clients/{client_id}/diary", tags=["clinic"], summary="A client's diary")
def client_diary_json(request: Request, client: ClientDep) -> dict[str, Any]:
    return diary_context(client_diary(request, client))


@router.post(
    "/api/clients/{client_id}/password",
    tags=["clinic"],
    status_code=204,
    summary="Reset a client's password (they are logged out everywhere)",
)
def reset_password_json(
    request: Request, practitioner: PractitionerDep, client_id: int, body: NewPassword
) -> None:
    client = own_client(request, practitioner, client_id)
    accounts(request).set_password(email=client.email, password=body.password)
