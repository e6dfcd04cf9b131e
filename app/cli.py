"""The `kiyaku` command: a thin shell over the library.

Only this module turns exceptions into exit codes (``output``: 0 done, 1 a diff whose new risk reaches
--fail-on, 2 bad input or usage, one line on stderr naming the file and the problem).
Imports of the heavy parts happen inside the handlers so that `--help` and `rules list` stay fast.
"""
from __future__ import annotations

import argparse
import signal
import threading
import sys
import traceback

from kiyaku.analyzer.errors import KiyakuError, UsageError, one_line
from kiyaku.evaluate import FORMATS as evaluate_formats
from kiyaku.output import EXIT_BAD, EXIT_OK
from kiyaku.reports.render import formats


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line and exit status 2."""

    def error(self, message: str) -> None:  # argparse API
        # ``prog`` is already the full command ("kiyaku", "kiyaku rules test"): quote it as is.
        raise UsageError(None, f"usage: {message} (see `{self.prog} --help`)")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kiyaku")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def _analysis_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", action="append", default=[], metavar="DIR",
                   help="add a directory of your own rule packs (default: the bundled packs only)")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the per-article cache (default: cached)")
    p.add_argument("--thorough", action="store_true",
                   help="parse every sentence with GiNZA (slower; same findings; default: off)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write here instead of standard output (default: standard output; the directory must exist)")


def _encoding_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--encoding", metavar="NAME",
                   help="read text and HTML files in this encoding (utf-8, shift_jis, euc-jp, utf-16-le, …) "
                        "instead of detecting it; for a file whose encoding is ambiguous")


def _url_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--allow-private", action="store_true",
                   help="fetch URLs on loopback, private and link-local addresses too (refused by default)")
    p.add_argument("--select", metavar="CSS", help="an HTML page's terms container (default: its main content)")
    p.add_argument("--remove", action="append", default=[], metavar="CSS",
                   help="drop these elements of an HTML page (repeatable)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kiyaku", description="利用規約のリスク条項を注記する / annotate risky clauses in Japanese terms of use")
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors (default: off)")
    parser.add_argument("--version", action="version", version=f"kiyaku {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("analyze", help="split documents into articles and annotate their risky clauses")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="terms documents (.txt .md .html .pdf .docx, an http(s) URL, or - for stdin)")
    p.add_argument("--format", type=str.lower, choices=list(formats.ANALYSIS), default=None,
                   help="default: text on a terminal, json in a pipe")
    p.add_argument("--min-severity", type=str.lower, choices=["low", "medium", "high"], default="low",
                   help="show only findings of this severity or higher (default: low, every finding)")
    _analysis_options(p)
    _encoding_option(p)
    _url_options(p)

    p = sub.add_parser("diff", help="align two versions and report the risks that are new, gone or changed")
    p.add_argument("paths", nargs="+", metavar="OLD NEW",
                   help="two versions: paths, URLs or git revisions REV:path (HEAD~1:terms/terms.txt)")
    p.add_argument("--since-ref", metavar="REF", help="compare PATH as committed at REF with PATH as it is now")
    p.add_argument("--format", type=str.lower, choices=list(formats.DIFF), default=None,
                   help="taisho-md, taisho-html and docx give the 新旧対照表 (default: text on a terminal, json in a pipe)")
    p.add_argument("--fail-on", type=str.lower, choices=["none", "low", "medium", "high"], default="none",
                   help="exit 1 when a new or escalated risk reaches this severity (default: none, never)")
    _analysis_options(p)
    _encoding_option(p)
    _url_options(p)

    p = sub.add_parser("notice", help="draft a member notice listing the risky clauses")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--since", metavar="OLD", help="the previous version: list what changed first")
    p.add_argument("--format", type=str.lower, choices=list(formats.NOTICE), default="md",
                   help="docx needs -o FILE (default: md)")
    p.add_argument("--taisho", action="store_true", help="with --since: add the 新旧対照表 of the two versions")
    _analysis_options(p)
    _encoding_option(p)
    _url_options(p)

    p = sub.add_parser("rules", help="list the rule packs or run their examples")
    rsub = p.add_subparsers(dest="rules_command", metavar="list|test", parser_class=_Parser)
    rl = rsub.add_parser("list", help="list the rules")
    rl.add_argument("--rules", action="append", default=[], metavar="DIR")
    rt = rsub.add_parser("test", help="run every rule's own examples")
    rt.add_argument("dir", nargs="?", metavar="DIR", help="only the rule packs in DIR (default: the bundled ones)")
    rt.add_argument("--rules", action="append", default=[], metavar="DIR", help="add a directory of your own rule packs to the bundled ones")

    p = sub.add_parser("eval", help="precision / recall / F1 against a gold-annotated corpus")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--format", type=str.lower, choices=list(evaluate_formats), default="text", help="default: text")
    p.add_argument("--rules", action="append", default=[], metavar="DIR")
    p.add_argument("--docs", metavar="DIR", default=None,
                   help="where the real corpus was extracted (corpora/real/extract.py), for gold naming its documents")

    p = sub.add_parser("history", help="the risk timeline of a terms file across its git history")
    p.add_argument("path", metavar="FILE")
    p.add_argument("--format", type=str.lower, choices=list(formats.HISTORY), default=None,
                   help="default: text on a terminal, json in a pipe")
    _analysis_options(p)

    p = sub.add_parser("serve", help="a local web app: upload, paste or give a URL; analysis, comparison, downloads")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this computer only; any other needs --token)")
    p.add_argument("--port", type=int, default=8765, help="port (default: 8765; 0 picks a free one)")
    p.add_argument("--token", metavar="SECRET", help="a shared secret every request must present (default: none)")
    p.add_argument("--open", action="store_true", help="open the browser on the app (default: no)")
    p.add_argument("--allow-private", action="store_true",
                   help="let the URL box fetch loopback, private and link-local addresses (default: refused)")
    p.add_argument("--cache", action="store_true",
                   help="use the per-article cache on disk (default: off, nothing is written to disk)")
    p.add_argument("--rules", action="append", default=[], metavar="DIR", help="add a directory of your own rule packs")

    sub.add_parser("demo", help="run the bundled sample corpus end to end")
    return parser


class Terminated(KeyboardInterrupt):
    """SIGTERM (what CI timeouts and ``kill`` send): unwinds like Ctrl-C, so partial output is removed."""


def _on_sigterm(signum, frame):
    raise Terminated()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    debug = "--debug" in argv
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            build_parser().print_help()
            return EXIT_BAD
        from kiyaku import commands

        return getattr(commands, args.command)(args)
    except KiyakuError as err:
        if debug:
            traceback.print_exc()
        print(f"kiyaku: {err}", file=sys.stderr)
        return EXIT_BAD
    except Terminated:
        print("kiyaku: terminated", file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print("kiyaku: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as err:  # a bug of ours: still one line, unless --debug
        if debug:
            traceback.print_exc()
        print(f"kiyaku: internal error: {type(err).__name__}: {one_line(str(err))} (run with --debug for a traceback)",
              file=sys.stderr)
        return EXIT_BAD


if __name__ == "__main__":
    raise SystemExit(main())
