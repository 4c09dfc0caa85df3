"""JSON API of the service guide (mounted at /api/v1/guide/)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import translation
from ninja import Router, Schema
from ninja.errors import HttpError

from . import selectors
from .models import Service

router = Router(tags=["guide"])


class AttributeOut(Schema):
    code: str
    datatype: str
    required: bool
    description: str
    values: list[dict[str, str]]


class ServiceOut(Schema):
    code: str
    group: str
    name: str
    summary: str
    eligibility: str
    how_to_apply: str
    fees: str
    source_file: str
    attributes: list[AttributeOut]


def _out(service: Service, language: str) -> ServiceOut:
    with translation.override(language):
        return ServiceOut(
            code=service.code,
            group=service.group,
            name=service.name,
            summary=service.summary,
            eligibility=service.eligibility,
            how_to_apply=service.how_to_apply,
            fees=service.fees,
            source_file=service.source_file,
            attributes=[
                AttributeOut(
                    code=a.code,
                    datatype=a.datatype,
                    required=a.required,
                    description=a.description,
                    values=[{"key": k, "name": n} for k, n in a.choices(language)],
                )
                for a in service.attributes.all()
            ],
        )


def _language(lang: str) -> str:
    from django.conf import settings

    codes = [c for c, _n in settings.LANGUAGES]
    if lang not in codes:
        raise HttpError(400, f"lang must be one of {', '.join(codes)}")
    return lang


@router.get("/services", response=list[ServiceOut])
def list_services(request: HttpRequest, q: str = "", lang: str = "tr") -> list[ServiceOut]:
    """Services matching every word of ``q`` in any language (Turkish-aware folding)."""
    language = _language(lang)
    return [
        _out(s, language)
        for s in selectors.service_list(query=q[:200]).prefetch_related("attributes")
    ]


@router.get("/services/{code}", response=ServiceOut)
def get_service(request: HttpRequest, code: str, lang: str = "tr") -> ServiceOut:
    language = _language(lang)
    service = selectors.service_by_code(code)
    if service is None:
        raise HttpError(404, f"no service with the code {code!r}")
    return _out(service, language)
