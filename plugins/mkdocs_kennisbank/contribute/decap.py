"""Decap CMS configuration, generated from the schema and the taxonomy.

The editing form at /admin/ is derived from the same `Field` declarations and taxonomy values
that `kennisbank check` uses, so the form cannot drift from what the check accepts: every field
with its Dutch label and hint, required or not, allowed values as selects, lists as lists.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from ..content.schema import (
    CASES,
    CONTACT_KEYS,
    EFFECTS,
    EMAIL,
    LESSONS,
    MONTH,
    PERIOD,
    REVIEW_KEYS,
    REVIEW_STATUSES,
    SOURCE_KEYS,
    STATUSES,
    URL,
    Field,
    fields_of,
)
from ..content.taxonomy import Taxonomy

# Decap shows a pattern's message inside its own sentence, "<label>: <message>." (LOCALE below;
# its stock Dutch text is "<label> komt niet overeen met het patroon: <message>."), so these
# messages start in lower case and never end with a period.
PLAIN_TEXT_HINT = "platte tekst: tekens als < en & verschijnen zoals je ze typt"
DATE = {
    "widget": "datetime",
    "format": "YYYY-MM-DD",
    "date_format": "YYYY-MM-DD",
    "time_format": False,
    "picker_utc": True,
}

CASE_BODY = "## Aanleiding\n\n\n\n## Aanpak\n\n\n\n## Resultaten\n\n\n\n## Lessen\n\n\n\n## Meer weten\n\n"
LESSON_BODY = (
    "## Waarom\n\n\n\n## Wanneer wel { .kb-redactie }\n\n\n\n## Wanneer niet { .kb-redactie }\n\n\n\n"
    "## Valkuilen { .kb-redactie }\n\n\n\n## Wat kun je hier als school mee? { .kb-redactie }\n\n"
)
BODY_HINT = (
    "Markdown. De editor toont de tekst zoals hij wordt opgeslagen (geen opmaakweergave), zodat "
    "kaders als '!!! tip \"Titel\"' (met vier spaties ingesprongen tekst eronder) en attributen als "
    "'{ .klasse }' niet veranderen. Geen HTML: dat wordt verwijderd."
)


def _plain(field: dict[str, Any], max_length: int | None) -> dict[str, Any]:
    """A plain-text field: any printable text is fine (the site escapes it: "<15 leerlingen" is
    ordinary text), so only a maximum length is checked in the form."""
    if max_length:
        # Any character, newlines too (the check reports those itself, with the line).
        field["pattern"] = [rf"^[\s\S]{{0,{max_length}}}$", f"hoogstens {max_length} tekens ({PLAIN_TEXT_HINT})"]
    return field


def _object(base: dict[str, Any], fields: list[dict[str, Any]]) -> dict[str, Any]:
    return base | {"widget": "object", "collapsed": True, "fields": fields}


def _widget(spec: Field, taxonomy: Taxonomy) -> dict[str, Any]:
    base: dict[str, Any] = {"name": spec.name, "label": spec.label, "hint": spec.help, "required": spec.required}
    kind = spec.kind
    if kind == "text":
        widget = "text" if (spec.max_length or 0) > 250 else "string"
        return _plain(base | {"widget": widget}, spec.max_length)
    if kind in ("term", "terms"):
        facet = taxonomy.facets[spec.facet or ""]
        options = [{"label": t.shown, "value": t.id} for t in facet.terms]
        field = base | {"widget": "select", "options": options}
        if kind == "terms":
            field["multiple"] = True
            if spec.required:
                field["min"] = 1
        return field
    if kind == "enum":
        return base | {"widget": "select", "options": [{"label": STATUSES.get(c, c), "value": c} for c in spec.choices]}
    if kind == "date":
        return base | DATE
    if kind == "texts":
        return base | {
            "widget": "list",
            "field": _plain({"name": "item", "label": spec.label, "widget": "string"}, spec.max_length),
        }
    if kind == "refs":
        return base | {
            "widget": "relation",
            "collection": spec.target,
            "value_field": "{{slug}}",
            "search_fields": ["title"],
            "display_fields": ["title"],
            "multiple": True,
        }
    if kind == "period":
        return base | {
            "widget": "string",
            "pattern": [PERIOD.pattern, "schrijf een jaartal of jaren, zoals 2015, 2010-2015 of 2018- (loopt nog)"],
        }
    if kind == "sources":
        return base | {
            "widget": "list",
            "summary": "{{fields.titel}}",
            "fields": [
                _plain({"name": "titel", "label": "Titel", "widget": "string", "required": SOURCE_KEYS["titel"]}, 200),
                {
                    "name": "url",
                    "label": "Webadres",
                    "widget": "string",
                    "required": SOURCE_KEYS["url"],
                    "pattern": [URL.pattern, "begin met https:// of http://"],
                },
            ],
        }
    # Decap checks the required fields of an object even when the object itself is left empty,
    # so inside these optional objects nothing is required; `kennisbank check` still requires
    # a contact's name and a review's status once the object is given.
    if kind == "contact":
        return _object(
            base,
            [
                _plain(
                    {
                        "name": "naam",
                        "label": "Naam",
                        "widget": "string",
                        "required": False,
                        "hint": "Verplicht als je een contactpersoon invult.",
                    },
                    200,
                ),
                _plain(
                    {
                        "name": "organisatie",
                        "label": "Organisatie",
                        "widget": "string",
                        "required": CONTACT_KEYS["organisatie"],
                    },
                    200,
                ),
                {
                    "name": "email",
                    "label": "E-mail",
                    "widget": "string",
                    "required": CONTACT_KEYS["email"],
                    "pattern": [EMAIL.pattern, "schrijf alleen het adres, zoals naam@voorbeeld.nl"],
                },
            ],
        )
    if kind == "review":
        return _object(
            base,
            [
                {
                    "name": "status",
                    "label": "Status",
                    "widget": "select",
                    "required": False,
                    "hint": "Verplicht als je de review invult.",
                    "options": [{"label": label, "value": value} for value, label in REVIEW_STATUSES.items()],
                },
                _plain({"name": "door", "label": "Door", "widget": "string", "required": REVIEW_KEYS["door"]}, 200),
                {"name": "datum", "label": "Datum", "required": REVIEW_KEYS["datum"]} | DATE,
                {"name": "volgende", "label": "Volgende review", "required": REVIEW_KEYS["volgende"]} | DATE,
            ],
        )
    if kind == "figures":
        return base | {
            "widget": "list",
            "summary": "{{fields.indicator}}",
            "fields": [
                _plain({"name": "indicator", "label": "Indicator", "widget": "string"}, 200),
                _plain({"name": "eenheid", "label": "Eenheid", "widget": "string", "required": False}, 200),
                _plain({"name": "bron", "label": "Bron", "widget": "string"}, 200),
                {
                    "name": "waarden",
                    "label": "Waarden",
                    "widget": "list",
                    "summary": "{{fields.jaar}}: {{fields.waarde}}",
                    "fields": [
                        {
                            "name": "jaar",
                            "label": "Jaar",
                            "widget": "number",
                            "value_type": "int",
                            "min": 1900,
                            "max": 2099,
                        },
                        {"name": "waarde", "label": "Waarde", "widget": "number", "value_type": "float"},
                    ],
                },
            ],
        }
    if kind == "month":
        return base | {
            "widget": "string",
            "pattern": [MONTH.pattern, "schrijf een jaar of een maand, zoals 2017 of 2017-03"],
        }
    if kind == "sourced":
        # Per facet a choice of its values: the ones the source gives (the form cannot know
        # which of them the case has; `kennisbank check` does).
        return _object(
            base,
            [
                {
                    "name": facet.key,
                    "label": facet.plural if facet.multiple else facet.label,
                    "widget": "select",
                    "multiple": True,
                    "required": False,
                    "options": [{"label": t.shown, "value": t.id} for t in facet.terms],
                }
                for facet in taxonomy.facets.values()
                if not facet.computed
            ],
        )
    if kind == "effect":
        return _object(
            base,
            [
                {
                    "name": "oordeel",
                    "label": "Oordeel",
                    "widget": "select",
                    "required": False,
                    "hint": "Verplicht als je een effect invult.",
                    "options": [{"label": label, "value": value} for value, label in EFFECTS.items()],
                },
                _plain({"name": "bron", "label": "Bron", "widget": "string", "required": False}, 300),
            ],
        )
    raise ValueError(f"no Decap widget for field kind {kind!r}")  # a new kind must be mapped here


def collection(
    name: str,
    label: str,
    singular: str,
    folder: str,
    fields: tuple[Field, ...],
    taxonomy: Taxonomy,
    body: str,
) -> dict[str, Any]:
    widgets = [_widget(spec, taxonomy) for spec in fields]
    for widget in widgets:
        if widget["name"] == "gepubliceerd":
            widget["default"] = "{{now}}"
    widgets.append(
        {
            "name": "body",
            "label": "Tekst",
            "widget": "markdown",
            "modes": ["raw"],
            "sanitize_preview": True,
            "hint": BODY_HINT,
            "default": body,
        }
    )
    return {
        "name": name,
        "label": label,
        "label_singular": singular,
        "folder": folder,
        "create": True,
        "slug": "{{slug}}",
        "extension": "md",
        "format": "frontmatter",
        "identifier_field": "title",
        "summary": "{{title}}",
        "fields": widgets,
    }


def config(
    taxonomy: Taxonomy, content_folder: str, backend: dict[str, Any], local_backend: bool | str
) -> dict[str, Any]:
    """The whole Decap `config.yml` as a dict. `content_folder` is relative to the repository root."""
    data: dict[str, Any] = {
        "locale": "nl",
        "backend": dict(backend),
        "publish_mode": "editorial_workflow",
        "media_folder": "docs/assets/uploads",
        "public_folder": "assets/uploads",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            collection(
                "praktijkvoorbeelden",
                "Praktijkvoorbeelden",
                "Praktijkvoorbeeld",
                f"{content_folder}/praktijkvoorbeelden",
                fields_of(CASES, taxonomy),
                taxonomy,
                CASE_BODY,
            ),
            collection(
                "lessen",
                "Lessen",
                "Les",
                f"{content_folder}/lessen",
                fields_of(LESSONS, taxonomy),
                taxonomy,
                LESSON_BODY,
            ),
        ],
    }
    if local_backend:
        data["local_backend"] = {"url": local_backend} if isinstance(local_backend, str) else True
    return data


def config_yaml(*args: Any, **kwargs: Any) -> str:
    header = (
        "# Gemaakt door de kennisbank-plugin uit kennisbank/taxonomie.yml en het schema; niet met de hand\n"
        "# bewerken: wijzig de taxonomie of de plugin-instellingen in mkdocs.yml.\n"
    )
    return header + yaml.safe_dump(config(*args, **kwargs), allow_unicode=True, sort_keys=False, width=120)


# Merged over Decap's own Dutch phrases (admin-preview.js, CMS.registerLocale before the form
# starts). Validation messages as one sentence each; the publish warnings name the column the
# form really shows ("Klaar", not "Voltooid" or "Gereed"); and the phrases Decap has no Dutch
# for, where they appear in this form (otherwise English); dates on the workflow cards as
# numbers, as Decap has no Dutch month names.
LOCALE: dict[str, Any] = {
    "auth": {"loginWithForgejo": "Inloggen met Forgejo"},
    "collection": {"entries": {"unpublishedHeader": "Niet gepubliceerd"}},
    "editor": {
        "editorControl": {"field": {"widgetLabel": "veld %{widgetLabel}"}},
        "editorControlPane": {
            "widget": {
                "required": "%{fieldLabel} is verplicht.",
                "regexPattern": "%{fieldLabel}: %{pattern}.",
            }
        },
        "editor": {
            "onPublishingNotReady": 'Zet de status eerst op "Klaar" en publiceer daarna.',
        },
        "editorToolbar": {
            "statusInfoTooltipDraft": 'Dit is nog een concept. Ben je klaar, zet de status dan op "Wordt beoordeeld".',
            "statusInfoTooltipInReview": "Een redacteur beoordeelt dit voorstel. Je kunt het intussen nog aanpassen.",
        },
        "editorWidgets": {
            "datetime": {"setToNow": "Zet %{fieldLabel} op nu"},
            "list": {"addType": "Voeg %{item} toe"},
            "object": {"expand": "Openklappen", "collapse": "Inklappen"},
        },
    },
    "mediaLibrary": {"mediaLibraryModal": {"close": "Sluiten"}},
    "workflow": {
        "workflow": {"dateFormat": "D-M-YYYY"},
        "workflowList": {
            "onPublishingNotReadyEntry": 'Alleen voorstellen in de kolom "Klaar" kunnen worden gepubliceerd. Sleep de kaart eerst naar "Klaar".',
        },
    },
}

COLLECTION_KINDS = (CASES, LESSONS)


def admin_data(taxonomy: Taxonomy, styles: list[str], palette: dict[str, str]) -> dict[str, Any]:
    """What admin-preview.js needs: the site's stylesheets (URLs relative to admin/), the Dutch
    labels of every taxonomy value (the form stores ids such as "III" or "pilotfase"), the facet
    fields of each collection in the site's order, and the phrases merged over Decap's Dutch.
    Lists of pairs rather than objects, so no id is ever looked up as an object property."""
    facets = [
        [
            facet.key,
            facet.label,
            facet.plural,
            [[t.id, t.shown] for t in facet.terms],
        ]
        for facet in taxonomy.facets.values()
    ]
    collections = [
        [kind.folder, kind.label, [[spec.name, spec.facet] for spec in fields_of(kind, taxonomy) if spec.facet]]
        for kind in COLLECTION_KINDS
    ]
    return {
        "styles": styles,
        "palette": palette,
        "facets": facets,
        "collections": collections,
        "statuses": [[value, label] for value, label in STATUSES.items()],
        "locale": LOCALE,
    }


def script_json(data: Any) -> str:
    """JSON that is safe inside a <script type="application/json"> element: no "<", ">" or "&"
    (so no "</script>" or "<!--"), nor the line separators some parsers treat as line ends."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text
