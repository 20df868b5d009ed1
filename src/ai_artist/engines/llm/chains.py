"""Chains per task from settings, and the orchestrator built from them.

``LYRICS_LLM=deepseek:deepseek-chat,gemini:gemini-2.5-flash`` is read as two links; an item
without a model uses the provider's default (its cheap model for short tasks: title, error
analysis, fix proposal); ``embedded`` ends the chain. An empty setting means every enabled
provider in preference order. The embedded writer always runs last, so a chain can only
add quality, never take the song away.
"""

from __future__ import annotations

import logging
import random
from typing import TYPE_CHECKING

from ai_artist.config import LLM_TASKS
from ai_artist.engines.llm.orchestrator import EMBEDDED, ChainLink, Orchestrator
from ai_artist.engines.llm.providers import make_provider, provider_class, provider_statuses
from ai_artist.engines.llm.resilience import Clock, RetryPolicy, SystemClock
from ai_artist.engines.llm.safety import Redactor
from ai_artist.errors import ConfigError

if TYPE_CHECKING:
    from ai_artist.config import Settings
    from ai_artist.engines.llm.accounting import Recorder
    from ai_artist.engines.llm.providers import ProviderStatus

log = logging.getLogger(__name__)

SHORT_TASKS = frozenset({"title", "error_analysis", "fix_proposal", "ping"})
"""Tasks that use a provider's cheap model by default."""


def _model_for(task: str, status: ProviderStatus) -> str:
    return status.cheap_model if task in SHORT_TASKS else status.default_model


def parse_chain(
    text: str, *, task: str, statuses: list[ProviderStatus], variable: str = ""
) -> list[ChainLink]:
    """The enabled links of a chain setting (disabled providers are skipped with a warning).

    Raises ConfigError naming ``variable`` for an unknown provider.
    """
    by_name = {status.name: status for status in statuses}
    links: list[ChainLink] = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, _, model = item.partition(":")
        if name == EMBEDDED:
            break
        try:
            provider_class(name)
        except ConfigError as error:
            raise ConfigError(f"{variable or task}: {error}") from error
        status = by_name[name]
        if not status.enabled:
            log.info("%s: skipping %s (%s)", variable or task, name, status.reason)
            continue
        links.append(ChainLink(name, model or _model_for(task, status)))
    return links


def default_chain(task: str, statuses: list[ProviderStatus]) -> list[ChainLink]:
    """Every enabled provider in preference order, with its default (or cheap) model."""
    return [ChainLink(s.name, _model_for(task, s)) for s in statuses if s.enabled]


def chains_from_settings(
    settings: Settings, statuses: list[ProviderStatus] | None = None
) -> dict[str, list[ChainLink]]:
    """Task → links tried before the embedded writer."""
    statuses = provider_statuses(settings) if statuses is None else statuses
    chains: dict[str, list[ChainLink]] = {}
    for task in LLM_TASKS:
        text = settings.llm_chain(task)
        chains[task] = (
            parse_chain(text, task=task, statuses=statuses, variable=f"{task.upper()}_LLM")
            if text
            else default_chain(task, statuses)
        )
    chains["ping"] = default_chain("ping", statuses)
    return chains


def orchestrator_from_settings(
    settings: Settings,
    *,
    recorder: Recorder | None = None,
    clock: Clock | None = None,
    rng: random.Random | None = None,
) -> Orchestrator:
    """An orchestrator with every provider enabled by ``settings`` and the chains per task.

    With no key and no local URL configured no provider is built, no SDK is imported and
    every task goes straight to its embedded writer.
    """
    statuses = provider_statuses(settings)
    chains = chains_from_settings(settings, statuses)
    used = {link.provider for links in chains.values() for link in links}
    providers = {name: make_provider(name, settings) for name in sorted(used)}
    return Orchestrator(
        providers=providers,
        chains=chains,
        policy=RetryPolicy(
            max_attempts=settings.llm_max_attempts,
            backoff_s=settings.llm_backoff_s,
            backoff_max_s=settings.llm_backoff_max_s,
        ),
        timeout_s=settings.llm_timeout_s,
        deadline_s=settings.llm_deadline_s,
        breaker_failures=settings.llm_breaker_failures,
        breaker_cooldown_s=settings.llm_breaker_cooldown_s,
        max_part_chars=settings.llm_max_part_chars,
        clock=clock or SystemClock(),
        rng=rng or random.Random(settings.seed),
        recorder=recorder,
        redact=Redactor(settings.secret_values()),
    )
