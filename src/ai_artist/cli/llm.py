"""``ai-artist llm``: which LLM providers are enabled, test them, what they cost."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from ai_artist.cli.output import environment, print_json, stdout, user_errors

if TYPE_CHECKING:
    from ai_artist.config import Settings

app = typer.Typer(
    help="LLM providers: list them, make one cheap test call each, see calls and costs.",
    no_args_is_help=True,
)


def providers_table(settings: Settings) -> Table:
    """Every provider: enabled or not and why, base URL and default model."""
    from ai_artist.engines.llm.providers import provider_statuses

    table = Table("provider", "status", "why", "default model", "base URL", title="LLM providers")
    for status in provider_statuses(settings):
        table.add_row(
            status.name,
            "[green]enabled" if status.enabled else "[dim]off",
            status.reason,
            status.default_model,
            status.base_url or "-",
        )
    table.add_row("embedded", "[green]enabled", "always last in every chain", "rules", "offline")
    return table


def chains_table(settings: Settings) -> Table:
    """The chain of every task (what runs before the embedded writer)."""
    from ai_artist.config import LLM_TASKS
    from ai_artist.engines.llm.chains import chains_from_settings

    chains = chains_from_settings(settings)
    table = Table("task", "setting", "chain", title="LLM chains")
    for task in LLM_TASKS:
        links = " → ".join(str(link) for link in chains[task])
        configured = settings.llm_chain(task)
        table.add_row(
            task,
            f"{task.upper()}_LLM" + ("" if configured else " (auto)"),
            f"{links} → embedded" if links else "embedded",
        )
    return table


@app.command("providers")
def providers() -> None:
    """List providers (enabled or not, and why) and the chain of every task."""
    with user_errors():
        settings, _ = environment()
        stdout.print(providers_table(settings))
        stdout.print(chains_table(settings))


@app.command("test")
def test(
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Make one cheap call to every enabled provider and show how each went."""
    from ai_artist.engines.llm.accounting import DatabaseRecorder
    from ai_artist.engines.llm.chains import orchestrator_from_settings
    from ai_artist.engines.llm.orchestrator import ChainLink
    from ai_artist.engines.llm.providers import provider_statuses
    from ai_artist.engines.llm.tasks import ping

    with user_errors():
        settings, database = environment()
        enabled = [s for s in provider_statuses(settings) if s.enabled]
        results = []
        if enabled:
            orchestrator = orchestrator_from_settings(settings, recorder=DatabaseRecorder(database))
            try:
                for status in enabled:
                    link = ChainLink(status.name, status.cheap_model)
                    result = ping(link, orchestrator=orchestrator)
                    calls = [a for a in result.attempts if a.provider == status.name]
                    results.append(
                        {
                            "provider": status.name,
                            "model": status.cheap_model,
                            "ok": result.provider == status.name,
                            "seconds": round(sum(a.latency_s for a in calls), 3),
                            "detail": calls[-1].error if calls and calls[-1].error else "",
                        }
                    )
            finally:
                orchestrator.close()
        if json_output:
            print_json({"providers": results})
            return
        if not results:
            stdout.print("no LLM provider is enabled: the embedded writers do every task.")
            stdout.print("Set a key (e.g. DEEPSEEK_API_KEY) or a local URL (OLLAMA_URL) in .env.")
            return
        table = Table("provider", "model", "result", "seconds", "detail")
        for row in results:
            table.add_row(
                str(row["provider"]),
                str(row["model"]),
                "[green]ok" if row["ok"] else "[red]failed",
                f"{row['seconds']:.2f}",
                str(row["detail"])[:100],
            )
        stdout.print(table)
        if not all(row["ok"] for row in results):
            raise typer.Exit(1)


@app.command("stats")
def stats(
    days: Annotated[int | None, typer.Option(help="Only calls of the last N days.", min=1)] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Calls, failures, mean latency, tokens and estimated cost by provider and task."""
    from ai_artist.engines.llm.accounting import call_stats
    from ai_artist.persistence.models import utcnow

    with user_errors():
        _, database = environment()
        since = utcnow() - timedelta(days=days) if days else None
        rows = call_stats(database, since=since)
        if json_output:
            print_json({"stats": [row.__dict__ for row in rows]})
            return
        if not rows:
            stdout.print("no LLM calls recorded yet.")
            return
        table = Table(
            "provider",
            "task",
            "calls",
            "ok",
            "failed",
            "mean s",
            "tokens in",
            "tokens out",
            "cost USD",
            title="LLM calls",
        )
        for row in rows:
            table.add_row(
                row.provider,
                row.task,
                str(row.calls),
                str(row.ok),
                str(row.failed),
                f"{row.mean_latency_s:.2f}",
                str(row.tokens_in),
                str(row.tokens_out),
                f"{row.cost_usd:.6f}",
            )
        total = sum(row.cost_usd for row in rows)
        stdout.print(table)
        stdout.print(f"estimated total: {total:.6f} USD (list prices; local and embedded free)")
