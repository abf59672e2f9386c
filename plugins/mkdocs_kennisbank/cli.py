"""The `kennisbank` command: a thin layer over the core that maps errors to exit codes.

Exit codes: 0 fine, 1 content errors (or a file that already exists), 2 wrong use.
"""

from __future__ import annotations

import fcntl
import json
import re
import sys
from pathlib import Path

import click

from .content.loader import load
from .content.taxonomy import TAXONOMY_FILE, Taxonomy, load_taxonomy
from .contribute.report import FORMATS, render
from .contribute.scaffold import KINDS, clean_title, create
from .errors import ContentError, FileExistsProblem, KennisbankError, UsageError, display_path, visible
from .search.textsearch import SearchIndex
from .site.editorial import check_docs
from .site.staging import ensure_writable_dir, os_error_message

CONTEXT = {"help_option_names": ["-h", "--help"]}
KINDS_LABEL = {"praktijkvoorbeelden": "praktijkvoorbeeld", "lessen": "les"}
MAP_HELP = "Map van de kennisbank (standaard: kennisbank)."
ARGUMENT_HELP = {
    "soort": "Praktijkvoorbeeld of les.",
    "titel": "De titel, tussen aanhalingstekens als er spaties in staan.",
    "zoekwoorden": "Een of meer woorden om op te zoeken.",
}


class _DutchHelp(click.Command):
    """Help output with Dutch headings (click's own are English). A mixin before click.Command or
    click.Group (as the base here, so the methods it calls are known)."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix="Gebruik: ")

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Toon deze hulp en stop."
        return option

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        arguments = [
            (p.make_metavar(ctx), ARGUMENT_HELP.get(p.name or "", ""))
            for p in self.get_params(ctx)
            if isinstance(p, click.Argument)
        ]
        if arguments:
            with formatter.section("Argumenten"):
                formatter.write_dl(arguments)
        rows = [
            (
                name.replace(" TEXT", " TEKST").replace(" INTEGER RANGE", " GETAL").replace(" INTEGER", " GETAL"),
                _dutch_help_text(text),
            )
            for p in self.get_params(ctx)
            if not isinstance(p, click.Argument)
            if (r := p.get_help_record(ctx))
            for name, text in [r]
        ]
        if rows:
            with formatter.section("Opties"):
                formatter.write_dl(rows)
        commands = [(name, cmd.get_short_help_str()) for name, cmd in sorted(getattr(self, "commands", {}).items())]
        if commands:
            with formatter.section("Opdrachten"):
                formatter.write_dl(commands)


def _dutch_help_text(text: str) -> str:
    """click's own words in an option's help ("[default: x]", "[required]") in Dutch."""
    return (
        text.replace("[default: ", "[standaard: ")
        .replace("[required]", "[verplicht]")
        .replace("; required]", "; verplicht]")
    )


class DutchCommand(_DutchHelp, click.Command):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", "[OPTIES]")
        super().__init__(*args, **kwargs)


class DutchGroup(_DutchHelp, click.Group):
    # Only the commands of this group get Dutch help: click itself (and MkDocs' own command line
    # in the same process) is left as it is.
    command_class = DutchCommand

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", "[OPTIES]")
        kwargs.setdefault("subcommand_metavar", "OPDRACHT [ARGUMENTEN]...")
        super().__init__(*args, **kwargs)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        if args and self.get_command(ctx, args[0]) is None and not ctx.resilient_parsing:
            ctx.fail(f"onbekende opdracht '{args[0]}'; kies uit: {', '.join(sorted(self.commands))}")
        return super().resolve_command(ctx, args)


class DutchChoice(click.Choice):
    """click.Choice with its error message in Dutch."""

    def convert(self, value, param, ctx):
        if value in self.choices:
            return value
        self.fail(f"'{value}' is geen keuze; kies uit: {', '.join(map(str, self.choices))}", param, ctx)


class DutchIntRange(click.IntRange):
    """click.IntRange with its error messages in Dutch."""

    def convert(self, value, param, ctx):
        try:
            number = int(value)
        except (TypeError, ValueError):
            self.fail(f"'{value}' is geen geheel getal", param, ctx)
        if (self.min is not None and number < self.min) or (self.max is not None and number > self.max):
            self.fail(f"{number} ligt niet tussen {self.min} en {self.max}", param, ctx)
        return number


@click.group(cls=DutchGroup, context_settings=CONTEXT)
def cli() -> None:
    """Kennisbank: controleer en maak praktijkvoorbeelden en lessen."""


def _content_dir(folder: str) -> Path:
    path = Path(folder)
    if not path.is_dir():
        raise UsageError(f"de map '{folder}' bestaat niet; start in de map met mkdocs.yml of geef --map op")
    return path


def _cache_dir(content: Path, cache: str | None) -> Path:
    """The search cache: outside the site, next to the content folder unless told otherwise."""
    return Path(cache) if cache else content.resolve().parent / ".cache" / "kennisbank"


def _updated_index(content: Path, cache: str | None):
    root = Path.cwd()
    kb = load(content, root=root)
    folder = _cache_dir(content, cache)
    try:
        ensure_writable_dir(folder, root, "zoekindex")
        # One update at a time: two searches at once would both rebuild a missing index.
        with (folder / ".lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            search_index = SearchIndex(folder)
            search_index.update(kb, root)
    except KennisbankError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(os_error_message(exc, folder, root)) from None
    return kb, search_index


@cli.command(help="Controleer alle praktijkvoorbeelden, lessen en de taxonomie.")
@click.option("--map", "folder", default="kennisbank", show_default=False, help=MAP_HELP)
@click.option(
    "--format",
    "fmt",
    type=DutchChoice(FORMATS),
    default="tekst",
    show_default=True,
    help="Uitvoer: tekst (één regel per fout), json, github (annotaties) of gitlab (Code Quality).",
)
@click.option(
    "--docs",
    "docs",
    default="docs",
    show_default=True,
    help="Map met de redactionele pagina's; wordt ook gecontroleerd als die bestaat.",
)
def check(folder: str, fmt: str, docs: str) -> None:
    root = Path.cwd()
    problems = []
    try:
        kb = load(_content_dir(folder), root=root)
    except ContentError as exc:
        kb, problems = None, list(exc.problems)
    docs_dir = Path(docs)
    if docs_dir.is_dir() and not docs_dir.is_symlink():
        # What the build would refuse in docs/: front matter, text, files and links.
        problems.extend(check_docs(docs_dir, root, static=True)[1])
    if problems:
        error = ContentError(problems)
        if fmt == "tekst":
            raise error  # main() prints them, one per line
        click.echo(render(error.problems, fmt))
        raise click.exceptions.Exit(1) from None
    assert kb is not None
    if fmt != "tekst" or kb.warnings:
        click.echo(render(kb.warnings, fmt))
    click.echo(
        f"In orde: {len(kb.cases)} praktijkvoorbeelden, {len(kb.lessons)} lessen, "
        f"{len(kb.level_texts)} niveauteksten"
        + (
            f"; {len(kb.warnings)} {'waarschuwing' if len(kb.warnings) == 1 else 'waarschuwingen'}."
            if kb.warnings
            else "."
        ),
        err=True,
    )


@cli.command(help="Toon de praktijkvoorbeelden waarvan de volgende review verstreken is of binnenkort komt.")
@click.option(
    "--dagen", default=30, show_default=True, type=DutchIntRange(0, 3650), help="Ook reviews binnen zoveel dagen tonen."
)
@click.option("--map", "folder", default="kennisbank", help=MAP_HELP)
def reviews(dagen: int, folder: str) -> None:
    kb = load(_content_dir(folder), root=Path.cwd())
    due = [
        c
        for c in kb.sorted_cases()
        if c.review is not None and c.review.next is not None and (c.review.next - kb.today).days <= dagen
    ]
    due.sort(key=lambda c: (c.review.next if c.review else kb.today, c.slug))
    if not due:
        click.echo(f"Geen reviews verstreken of binnen {dagen} dagen.")
        return
    for case in due:
        review = case.review
        assert review is not None and review.next is not None  # kept above
        state = "verstreken" if review.next < kb.today else "binnenkort"
        by = f", laatst door {review.by}" if review.by else ""
        click.echo(f"{review.next.isoformat()}  {state:10}  {display_path(case.path, Path.cwd())}  ({case.title}{by})")


@cli.command(help="Maak een nieuw praktijkvoorbeeld of een nieuwe les vanuit het sjabloon.")
@click.argument("soort", metavar="SOORT")
@click.argument("titel", metavar='"TITEL"')
@click.option("--map", "folder", default="kennisbank", help=MAP_HELP)
def new(soort: str, titel: str, folder: str) -> None:
    if soort not in KINDS:
        raise UsageError(f"onbekende soort '{soort}'; kies praktijkvoorbeeld of les")
    titel = clean_title(titel)  # before anything is read or written
    content = _content_dir(folder)
    similar = []
    if soort == "praktijkvoorbeeld":
        try:
            _, search_index = _updated_index(content, None)
            similar = search_index.similar_cases(titel)
        except ContentError:
            pass  # the kennisbank has errors; `check` reports them, `new` still works
    path = create(content, soort, titel)
    click.echo(f"Aangemaakt: {display_path(path, Path.cwd())}")
    for hit in similar:
        click.echo(f"Let op: er bestaat al een vergelijkbaar praktijkvoorbeeld: {hit.path} ({hit.title})", err=True)
    click.echo("Vul de velden in en controleer daarna met: kennisbank check")


FILTER_PREFIX = "filter__"  # the parameter names of the taxonomy's filter options


def _option_value(args: list[str], name: str) -> str | None:
    """The value of `--name X` or `--name=X` in raw arguments (the last one wins, as in click)."""
    found = None
    for number, arg in enumerate(args):
        if arg == name and number + 1 < len(args):
            found = args[number + 1]
        elif arg.startswith(name + "="):
            found = arg[len(name) + 1 :]
    return found


class FacetFilterCommand(DutchCommand):
    """A command with one option per search filter of the taxonomy (`zoeken: ja`): `--niveau III`,
    `--sector zorg`. The taxonomy of the kennisbank named by `--map` is read before the arguments
    are parsed, so the help lists the filters that kennisbank has."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        self.params = [p for p in self.params if not (p.name or "").startswith(FILTER_PREFIX)]
        folder = Path(_option_value(args, "--map") or "kennisbank")
        taxonomy: Taxonomy | None = None
        try:
            taxonomy = load_taxonomy(folder / TAXONOMY_FILE, (folder / TAXONOMY_FILE).as_posix())
        except KennisbankError:
            # The command itself reports the broken taxonomy (or the missing folder); until
            # then, filter options are let through rather than refused as unknown.
            ctx.ignore_unknown_options = True
            ctx.allow_extra_args = True
        position = next(n for n, p in enumerate(self.params) if p.name == "limit")
        for facet in taxonomy.searchable if taxonomy else []:
            example = facet.terms[0].id if facet.terms else ""
            option = click.Option(
                [f"--{facet.filter}", FILTER_PREFIX + facet.filter.replace("-", "_")],
                help=f"Filter op {facet.label.lower()}, bijvoorbeeld {example}.",
            )
            self.params.insert(position, option)
            position += 1
        return super().parse_args(ctx, args)


@cli.command(
    cls=FacetFilterCommand,
    help="Zoek in de praktijkvoorbeelden en lessen (Nederlandse woordvormen: gesprekken vindt gesprek). "
    "De filters (zoals --niveau en --fase) komen uit de taxonomie.",
)
@click.argument("zoekwoorden", nargs=-1, required=True, metavar="ZOEKWOORDEN...")
@click.option("--limit", default=10, show_default=True, type=DutchIntRange(1, 100), help="Hoogstens zoveel resultaten.")
@click.option("--json", "as_json", is_flag=True, help="Resultaten als JSON (een lijst met slug, title, score, ...).")
@click.option("--map", "folder", default="kennisbank", help=MAP_HELP)
@click.option("--cache", default=None, help="Map voor de zoekindex (standaard .cache/kennisbank naast de kennisbank).")
def search(zoekwoorden, limit, as_json, folder, cache, **chosen) -> None:
    kb, search_index = _updated_index(_content_dir(folder), cache)
    by_param = {FILTER_PREFIX + f.filter.replace("-", "_"): f.filter for f in kb.taxonomy.searchable}
    filters = {by_param[name]: value for name, value in chosen.items() if value is not None and name in by_param}
    results = search_index.search(" ".join(zoekwoorden), kb, filters, limit)
    for note in results.notes:
        click.echo(f"Let op: {note}.", err=True)
    if as_json:
        click.echo(json.dumps([hit.as_json() for hit in results.hits], ensure_ascii=False, indent=2))
        return
    if not results.hits:
        click.echo("Geen resultaten. Probeer andere of minder woorden, of laat een filter weg.")
        return
    shown = len(results.hits)
    count = f"{results.total} {'resultaat' if results.total == 1 else 'resultaten'}"
    if not results.exact:
        count = "ongeveer " + count
    click.echo(count + (f", de eerste {shown}:" if shown < results.total else ":"))
    for number, hit in enumerate(results.hits, start=1):
        click.echo(f"\n{number}. {hit.title}  [{KINDS_LABEL.get(hit.kind, hit.kind)}]")
        click.echo(f"   {hit.path}")
        click.echo(f"   {hit.snippet}")


_CLICK_MESSAGES = (
    (click.exceptions.NoSuchOption, "onbekende optie"),
    (click.exceptions.MissingParameter, "er ontbreekt een argument"),
    (click.exceptions.BadParameter, "ongeldige waarde"),
)
# What click's parser itself says (in English, for the whole process), said in Dutch here.
_PARSER_MESSAGES = (
    (re.compile(r"Option '(.+)' requires an argument\.?"), "na {0} hoort een waarde"),
    (re.compile(r"Option '(.+)' requires (\d+) arguments\.?"), "na {0} horen {1} waarden"),
    (re.compile(r"Option '(.+)' does not take a value\.?"), "{0} krijgt geen waarde"),
    (re.compile(r"Got unexpected extra arguments? \((.*)\)"), "te veel argumenten: {0}"),
)


def _param_name(param: click.Parameter | None, ctx: click.Context | None) -> str:
    if param is None:
        return "?"
    if isinstance(param, click.Argument):
        return param.make_metavar(ctx) if ctx else (param.name or "?").upper()
    return param.opts[0] if param.opts else (param.name or "?")


def _dutch_usage(exc: click.UsageError) -> str:
    """The problem in a usage error, in Dutch (click's own messages are English)."""
    if isinstance(exc, click.exceptions.NoSuchOption):
        hint = f"; bedoelde je {' of '.join(exc.possibilities)}?" if exc.possibilities else ""
        return f"'{exc.option_name}' bestaat niet{hint}"
    if isinstance(exc, click.exceptions.MissingParameter):
        return _param_name(exc.param, exc.ctx)
    if isinstance(exc, click.exceptions.BadParameter):
        return f"{_param_name(exc.param, exc.ctx)}: {exc.message}"
    for pattern, dutch in _PARSER_MESSAGES:
        if match := pattern.fullmatch(exc.message.strip()):
            return dutch.format(*match.groups())
    return exc.message


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns (and exits with) the exit code. Never shows a traceback."""
    try:
        result = cli.main(args=argv, prog_name="kennisbank", standalone_mode=False)
        # Without standalone mode click returns the code of an `Exit` instead of raising it.
        code = result if isinstance(result, int) else 0
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(problem.format())
        count = len(exc.problems)
        click.echo(f"{count} {'fout' if count == 1 else 'fouten'} gevonden.", err=True)
        code = 1
    except FileExistsProblem as exc:
        path = exc.args[0]
        click.echo(f"Fout: {visible(display_path(path, Path.cwd()))} bestaat al; er is niets overschreven.", err=True)
        code = 1
    except UsageError as exc:
        click.echo(f"Fout: {visible(str(exc))}", err=True)  # may quote what was typed
        code = 2
    except KennisbankError as exc:  # pragma: no cover - every subclass is handled above
        click.echo(f"Fout: {visible(str(exc))}", err=True)
        code = 2
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else "", err=True)
        code = 2
    except click.UsageError as exc:
        label = next((text for kind, text in _CLICK_MESSAGES if isinstance(exc, kind)), "verkeerd gebruik")
        detail = visible(_dutch_usage(exc))
        command = exc.ctx.command_path if exc.ctx else "kennisbank"
        click.echo(f"Fout: {label}: {detail}\nZie: {visible(command)} --help", err=True)
        code = 2
    except click.exceptions.Abort:
        code = 2
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    return code


def run() -> None:
    sys.exit(main())
