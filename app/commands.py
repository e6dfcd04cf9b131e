"""One handler per CLI command: parse nothing, decide nothing, call the library and write its output."""
from __future__ import annotations

import sys

from kiyaku.output import EXIT_BAD, EXIT_FAIL_ON, EXIT_OK, default_format, open_output, write_output
from kiyaku.analyzer.errors import KiyakuError, UsageError


def _options(args) -> dict:
    options = {"rules": list(args.rules), "cache": not args.no_cache, "thorough": args.thorough}
    if getattr(args, "encoding", None):
        from kiyaku.analyzer.load.text import check_encoding

        options["encoding"] = check_encoding(args.encoding)
    if hasattr(args, "allow_private"):  # the commands that read URLs
        from kiyaku.analyzer.load.fetch import FetchPolicy

        options.update(fetch=FetchPolicy(allow_private=args.allow_private), select=args.select,
                       remove=tuple(args.remove))
    return options


def analyze(args) -> int:
    from kiyaku.analyzer.pipeline import analyze_many
    from kiyaku.reports.render.analysis import render_stream
    from kiyaku.progress import track_documents

    fmt = default_format(args.format)
    if len(args.paths) > 1 and fmt == "json":
        raise UsageError(None, "--format json takes one document; use jsonl or csv for several")
    failed: list[str] = []

    def good(results):
        """The analyses, in order; each bad file reported on its own line as it comes."""
        for path, result in results:
            if isinstance(result, KiyakuError):
                print(f"kiyaku: {result}", file=sys.stderr)
                failed.append(path)
            else:
                _warn_language(result)
                yield at_least(result, args.min_severity)

    with open_output(args.output) as out, analyze_many(args.paths, **_options(args)) as results:
        for piece in render_stream(good(track_documents(results, len(args.paths))), fmt):
            out.write(piece)
    return EXIT_BAD if failed else EXIT_OK


def _warn_language(analysis) -> None:
    """One line on stderr for a document that is not Japanese (the report alone would say 「見つかりませんでした」)."""
    from kiyaku.reports.render.glance import language_warning

    warning = language_warning(analysis)
    if warning:
        print(f"kiyaku: {analysis.source.path}: warning: {warning}", file=sys.stderr)


def at_least(analysis, severity: str):
    """The analysis with only the findings of ``severity`` or higher (``--min-severity``)."""
    from dataclasses import replace

    from kiyaku.reports.render.common import severity_rank

    if severity_rank(severity) <= 1:
        return analysis
    return replace(analysis, findings=[f for f in analysis.findings if severity_rank(f.severity) >= severity_rank(severity)])


def diff(args) -> int:
    from kiyaku.reports.compare.diff import diff as diff_versions
    from kiyaku.reports.render.diff import render_diff

    fmt = default_format(args.format)
    opts = _options(args)
    old, new = _diff_inputs(args)
    result = diff_versions(_analyze_input(old, opts), _analyze_input(new, opts), rules=opts["rules"])
    write_output(render_diff(result, fmt), args.output)
    return EXIT_FAIL_ON if result.fails(args.fail_on) else EXIT_OK


def _diff_inputs(args) -> tuple[str, str]:
    """OLD and NEW: two paths (or ``REV:path``), or ``--since-ref REF PATH`` (PATH as committed at REF, and now)."""
    from kiyaku.reports.compare.revision import since_ref

    if args.since_ref:
        if len(args.paths) != 1:
            raise UsageError(None, "usage: diff --since-ref REF takes one PATH, the file as it is now "
                                  "(see `kiyaku diff --help`)")
        return since_ref(args.since_ref, args.paths[0]), args.paths[0]
    if len(args.paths) != 2:
        raise UsageError(None, "usage: diff takes OLD and NEW, each a path, a URL or a git revision REV:path "
                                  "(see `kiyaku diff --help`)")
    return args.paths[0], args.paths[1]


def _analyze_input(spec: str, opts: dict):
    """A path, URL or standard input as ``analyze`` reads them; ``REV:path`` from git."""
    from kiyaku.analyzer.pipeline import analyze, analyze_source
    from kiyaku.reports.compare.revision import is_revision, load_revision

    if is_revision(spec):
        return analyze_source(load_revision(spec, encoding=opts.get("encoding")), rules=opts["rules"],
                              cache=opts["cache"], thorough=opts["thorough"])
    return analyze(spec, **opts)


def notice(args) -> int:
    from kiyaku.analyzer.pipeline import analyze
    from kiyaku.reports.render.notice import render_notice

    if args.taisho and not args.since:
        raise UsageError(None, "usage: notice --taisho needs --since OLD, the version to compare with "
                               "(see `kiyaku notice --help`)")
    opts = _options(args)
    current = analyze(args.path, **opts)
    _warn_language(current)
    previous = _analyze_input(args.since, opts) if args.since else None
    write_output(render_notice(current, since=previous, fmt=args.format, taisho=args.taisho), args.output)
    return EXIT_OK


def rules(args) -> int:
    from kiyaku.analyzer.engine.rulepack import load_ruleset

    if args.rules_command == "list":
        from kiyaku.reports.render.analysis import render_rules

        write_output(render_rules(load_ruleset(args.rules)), None)
        return EXIT_OK
    if args.rules_command == "test":
        from kiyaku.ruletest import run_rule_tests

        report = run_rule_tests(args.dir, extra=args.rules)
        write_output(report.render(), None)
        return EXIT_OK if report.ok else EXIT_FAIL_ON
    raise UsageError(None, "usage: kiyaku rules list|test [DIR]")


def eval(args) -> int:  # named like the command (shadows the builtin here only)
    from kiyaku.evaluate import evaluate

    report = evaluate(args.dir, rules=args.rules, docs=args.docs)
    write_output(report.render(args.format), None)
    return EXIT_OK


def history(args) -> int:
    from kiyaku.reports.compare.history import history as walk_history
    from kiyaku.reports.render.history import render_history

    timeline = walk_history(args.path, **_options(args))
    write_output(render_history(timeline, default_format(args.format)), args.output)
    return EXIT_OK


def serve(args) -> int:
    from kiyaku.web.server import serve as run_server

    return run_server(host=args.host, port=args.port, token=args.token, open_browser=args.open, cache=args.cache,
                      allow_private=args.allow_private, rules=tuple(args.rules))


def demo(args) -> int:
    from kiyaku.demo import run_demo

    return run_demo()
