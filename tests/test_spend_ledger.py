"""Issue 14 items 4 and 5: the spend form speaks plainly and reads money as import does; the spend
ledger lists, fixes and deletes entries (screen and command line), audited, rollups following."""

import json
import sqlite3

import pytest
from click.testing import CliRunner
from textual.widgets import Footer, Input, Label, Static

from influence_tui.analysis.platforms import platform_mix
from influence_tui.analysis.session import open_view
from influence_tui.analysis.spend import SpendInputError, parse_spend_form
from influence_tui.cli import main
from influence_tui.store.session import Session
from influence_tui.tui.confirm import ConfirmScreen
from influence_tui.tui.ledger_screen import LedgerScreen, SpendPane
from influence_tui.tui.panes import PlatformsPane
from influence_tui.tui.spend_form import SpendForm
from tests.tui_helpers import AS_OF, make_app, press, settle


def run(*args, **kwargs):
    return CliRunner().invoke(main, list(map(str, args)), catch_exceptions=False, **kwargs)


def _values(**changes: str) -> dict[str, str]:
    return {"platform": "snapchat", "date": "2026-10-30", "amount": "10", "campaign": "",
            "note": ""} | changes  # fmt: skip


def _error(app) -> str:
    return str(app.screen.query_one("#spend-error", Static).render())


def _platform_spend(path, platform: str) -> float | None:
    session, settings = open_view(path, as_of=AS_OF)
    try:
        return next(p.spend for p in platform_mix(session.db, settings) if p.platform == platform)
    finally:
        session.close()


def _audit(path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT actor, action, subject FROM audit_log ORDER BY id").fetchall()


# --- the form -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "amount", "currency"),
    [
        ("$1,200.50", 1200.5, "USD"),
        ("1200.50", 1200.5, "USD"),
        ("3.3k", 3300.0, "USD"),
        ("1.200,50 €", 1200.5, "EUR"),
    ],  # fmt: skip
)
def test_the_form_reads_amounts_as_import_does(typed, amount, currency):
    entry = parse_spend_form(_values(amount=typed))
    assert (entry.amount, entry.currency) == (amount, currency)


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("amount", "abc", "amount: 'abc' is not an amount (e.g. 1200.50 or $1,200.50)"),
        ("amount", "-5", "amount: must be more than 0"),
        ("amount", "", "amount: required (e.g. 1200.50 or $1,200.50)"),
        ("date", "20x6-01-01", "date: '20x6-01-01' is not a date; write it as YYYY-MM-DD"),
        ("date", "2026-13-01", "date: '2026-13-01' is not a date; write it as YYYY-MM-DD"),
        ("date", "01/02/2026", "date: '01/02/2026' is not a date; write it as YYYY-MM-DD"),
        ("platform", "", "platform: required"),
    ],
)
def test_the_form_says_what_to_write_in_plain_words(field, typed, message):
    with pytest.raises(SpendInputError) as caught:
        parse_spend_form(_values(**{field: typed}))
    text = str(caught.value)
    assert text.startswith(message)
    for library_words in ("parse", "invalid character", "Input should", "float"):
        assert library_words not in text


async def test_the_spend_form_in_the_app(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "3", "j")  # snapchat
        footer_keys = {b.binding.key for b in app.screen.active_bindings.values() if b.enabled}
        assert {"n", "L"} <= footer_keys
        assert any(
            getattr(item, "description", "") == "New spend"
            for item in app.screen.query_one(Footer).children
        )
        await press(pilot, "n")
        form = app.screen
        assert isinstance(form, SpendForm)
        labels = [str(label.render()) for label in form.query(".spend-label").results(Label)]
        assert labels == ["platform", "date", "amount", "campaign", "note"]
        assert form.query_one("#spend-date", Input).placeholder == "YYYY-MM-DD"
        form.query_one("#spend-amount", Input).value = "12,5x"
        await press(pilot, "ctrl+s")
        assert _error(app).startswith("amount: '12,5x' is not an amount")
        form.query_one("#spend-date", Input).value = "2026-02-30"
        await press(pilot, "ctrl+s")
        assert "write it as YYYY-MM-DD" in _error(app)
        # labels stay beside their fields when the fields hold values
        assert all(label.display for label in form.query(".spend-label"))
        before = _platform_spend(demo_db, "snapchat")
        form.query_one("#spend-date", Input).value = "2026-10-30"
        form.query_one("#spend-amount", Input).value = "$1,200.50"
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, SpendForm)
        assert "recorded 1,200.50 USD on snapchat" in str(list(app._notifications)[-1].message)
    assert _platform_spend(demo_db, "snapchat") == pytest.approx((before or 0) + 1200.5)
    assert _audit(demo_db)[-1][:2] == ("tester", "record spend")


# --- the ledger screen ----------------------------------------------------------------------------
async def test_the_ledger_lists_fixes_and_deletes_entries(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "3", "j", "L")  # snapchat
        assert isinstance(app.screen, LedgerScreen)
        pane = app.screen.query_one(SpendPane)
        assert (pane.total, len(pane.rows), app.screen.platform) == (74, 74, "snapchat")
        assert {row.platform for row in pane.rows} == {"snapchat"}
        assert [r.date for r in pane.rows] == sorted((r.date for r in pane.rows), reverse=True)
        await press(pilot, "a")
        assert pane.total == 227 and len(pane.rows) == 100  # a page, not the table
        await press(pilot, "G")
        assert pane.rows[-1].date == min(r.date for r in pane.rows)
        await press(pilot, "a", "g")
        newest = pane.current_row
        assert newest is not None
        # fix: the form opens filled in
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, SpendForm) and form.entry == newest
        assert form.query_one("#spend-amount", Input).value == f"{newest.amount:.2f}"
        spend_before = _platform_spend(demo_db, "snapchat")
        form.query_one("#spend-amount", Input).value = "$2,000"
        await press(pilot, "enter")
        assert app.screen is not form
        assert pane.rows[0].amount == 2000.0 and pane.rows[0].spend_id == newest.spend_id
        # delete asks first; n keeps it
        await press(pilot, "x")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert pane.total == 74
        await press(pilot, "x", "y")
        assert pane.total == 73
        assert newest.spend_id not in {r.spend_id for r in pane.rows}
        # the platforms pane behind follows
        platforms = app.screen_stack[1].query_one(PlatformsPane)
        snapchat = next(s for s in platforms.summaries if s.platform == "snapchat")
        assert snapchat.spend == pytest.approx((spend_before or 0) - newest.amount)
    assert [a[:2] for a in _audit(demo_db)] == [("tester", "fix spend"), ("tester", "delete spend")]


async def test_the_ledger_in_a_read_only_session_changes_nothing(demo_db):
    app = make_app(demo_db, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "3", "L", "x")
        assert isinstance(app.screen, LedgerScreen)
        assert "read-only" in str(list(app._notifications)[-1].message)
    assert _audit(demo_db) == []


# --- the command line -----------------------------------------------------------------------------
def test_spend_list_fix_delete_on_the_command_line(demo_db):
    listed = run("spend", "list", "--db", demo_db, "--platform", "snapchat", "--format", "json")
    assert listed.exit_code == 0
    entries = json.loads(listed.stdout)
    assert len(entries) == 74 and entries[0]["date"] >= entries[-1]["date"]
    target = entries[0]
    before = _platform_spend(demo_db, "snapchat")

    fixed = run(
        "spend", "fix", target["id"], "--db", demo_db, "--amount", "$1,000.00", "--by", "ann"
    )
    assert fixed.exit_code == 0 and "fixed #" in fixed.stdout
    assert _platform_spend(demo_db, "snapchat") == pytest.approx(
        (before or 0) - target["amount"] + 1000
    )
    refused = run("spend", "fix", target["id"], "--db", demo_db, "--date", "2026-02-30")
    assert refused.exit_code == 1
    assert refused.stderr.strip().splitlines() == [
        "Error: date: '2026-02-30' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-01"
    ]
    kept = run("spend", "delete", target["id"], "--db", demo_db, input="n\n")
    assert kept.exit_code == 0 and "nothing deleted" in kept.stderr
    deleted = run("spend", "delete", target["id"], "--db", demo_db, "--yes", "--by", "ann")
    assert deleted.exit_code == 0 and "deleted #" in deleted.stdout
    gone = run("spend", "delete", target["id"], "--db", demo_db, "--yes")
    assert gone.exit_code == 1 and f"no spend entry {target['id']}" in gone.stderr
    assert [a[:2] for a in _audit(demo_db)] == [("ann", "fix spend"), ("ann", "delete spend")]
    csv_lines = run("spend", "list", "--db", demo_db, "--format", "csv").stdout.splitlines()
    assert csv_lines[0] == "id,date,platform,campaign,amount,currency,note"
    assert len(csv_lines) == 1 + 226


def test_a_fix_that_collides_with_another_entry_changes_nothing(demo_db):
    entries = json.loads(run("spend", "list", "--db", demo_db, "--format", "json").stdout)
    first, second = entries[0], entries[1]  # same date, another platform or campaign
    result = run("spend", "fix", first["id"], "--db", demo_db, "--platform", second["platform"],
                 "--campaign", second["campaign"])  # fmt: skip
    assert result.exit_code == 1
    assert "another entry already has this platform, campaign, date and note" in result.stderr
    after = json.loads(run("spend", "list", "--db", demo_db, "--format", "json").stdout)
    assert after == entries and _audit(demo_db) == []


def test_spend_fix_in_a_read_only_session_is_refused(demo_db):
    result = run("--read-only", "spend", "fix", "1", "--db", demo_db, "--amount", "5")
    assert result.exit_code == 1 and "read-only" in result.stderr
    assert _audit(demo_db) == []


def test_the_schema_indexes_the_ledger(demo_db):
    session = Session.open(demo_db)
    try:
        plan = " ".join(
            str(row[-1])
            for row in session.execute(
                "EXPLAIN QUERY PLAN SELECT id FROM spend ORDER BY date DESC, id DESC LIMIT 100"
            )
        )
    finally:
        session.close()
    assert "spend_by_date" in plan and "TEMP B-TREE" not in plan


def test_a_second_entry_with_the_same_key_never_erases_the_first(demo_db):
    """Two payments typed for the same platform, campaign and day: the second is refused with
    what to do (a note keeps both; the ledger fixes the first), and the first stays as it was."""
    from influence_tui.analysis.spend import record_spend
    from influence_tui.domain.models import SpendEntry

    session = Session.open(demo_db, as_of=AS_OF)
    try:
        first = SpendEntry(platform="snapchat", date=AS_OF, amount=500, currency="USD")
        assert record_spend(session, first, "tester").startswith("recorded 500.00")
        again = SpendEntry(platform="snapchat", date=AS_OF, amount=300, currency="USD")
        with pytest.raises(SpendInputError, match=r"^note: entry \d+ already has 500\.00 USD"):
            record_spend(session, again, "tester")
        amounts = [
            r[0]
            for r in session.execute(
                "SELECT amount FROM spend WHERE platform = 'snapchat' AND date = ?",
                [AS_OF.isoformat()],
            )
        ]
        assert amounts == [500]
        noted = SpendEntry(
            platform="snapchat", date=AS_OF, amount=300, currency="USD", note="second post"
        )
        assert record_spend(session, noted, "tester").startswith("recorded 300.00")
    finally:
        session.close()
