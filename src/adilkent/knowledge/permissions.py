"""Who may do what with the knowledge pages. Reading: any active member of staff signed in
past the cases area's checks (second factor, idle timeout; every account of the platform is a
staff account). Editing the texts: the knowledge editors (``manage.py knowledge_editor USER``,
never the web admin)."""

from __future__ import annotations

from typing import Any

from .models import KnowledgeEditor


def reads(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def edits(user: Any) -> bool:
    if not reads(user):
        return False
    return KnowledgeEditor.objects.filter(user=user).exists()
