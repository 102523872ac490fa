"""The ``claimflow`` command line: one thin command per job, errors mapped to documented exit codes."""
from collections import Counter
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress, TaskID
from rich.table import Table

from models.errors import ClaimflowError
from pipeline import __version__
from pipeline.extract.settings import load_settings
from pipeline.extraction_report import extraction_json, extraction_table
from pipeline.intake_check import check_source
from pipeline.upload import UploadOutcome, claim_files, upload_folder
from storage.object_store import ObjectStore, open_store

app = typer.Typer(help="claimflow: claims intake for Chaonan's elderly accident insurance.",
                  no_args_is_help=True, add_completion=False)
console = Console()
err_console = Console(stderr=True)

EXIT_PROBLEMS_FOUND = 2


def _fail(error: ClaimflowError) -> typer.Exit:
    err_console.print(f"[bold red]error:[/] {error}")
    return typer.Exit(code=error.exit_code)


@app.command()
def version() -> None:
    """Print claimflow's version."""
    console.print(f"claimflow {__version__}")


@app.command()
def check(source: str = typer.Argument(..., help="A folder or s3://bucket/prefix holding intake/")) -> None:
    """Parse every claim under SOURCE and list what is wrong (exit code 2 if anything is)."""
    try:
        store = open_store(source)
        n_claims, problems = check_source(store, load_settings().photos)
    except ClaimflowError as e:
        raise _fail(e) from None
    if problems:
        table = Table("claim", "object", "field", "problem", title=f"{len(problems)} problem(s)")
        for p in problems:
            table.add_row(p.claim, p.object, p.field, p.message)
        console.print(table)
    bad = len({p.claim for p in problems})
    console.print(f"{n_claims} claim(s) checked, {bad} with problems")
    if problems:
        raise typer.Exit(code=EXIT_PROBLEMS_FOUND)


@app.command()
def extract(photos: list[Path] = typer.Argument(..., exists=True, dir_okay=False, help="Photo files"),
            as_json: bool = typer.Option(False, "--json", help="One JSON object per photo")) -> None:
    """Classify photos and extract their key fields, with quality, confidences and per-stage timing."""
    from pipeline.extract.stage import Extractor

    extractor = Extractor()
    for photo in photos:
        result = extractor.extract(photo.read_bytes(), str(photo))
        if as_json:
            console.print_json(data=extraction_json(result))
        else:
            console.print(extraction_table(result))


@app.command()
def upload(folder: Path = typer.Argument(..., exists=True, file_okay=False, help="Folder of claim folders"),
           target: str = typer.Argument(..., help="s3://bucket[/prefix] or a folder"),
           intake: bool = typer.Option(True, "--intake/--no-intake",
                                       help="Start intake_claim for each claim that got new objects (the "
                                            "deployment served by `claimflow serve`, when PREFECT_API_URL is set)")
           ) -> None:
    """Upload claim folders into TARGET's intake/, skipping objects already there with the same hash."""
    try:
        store = open_store(target)
        total = sum(1 for _ in claim_files(folder))
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("uploading", total=total)
            results = upload_folder(store, folder, on_file=lambda r: progress.advance(task))
    except ClaimflowError as e:
        raise _fail(e) from None
    counts = Counter(r.outcome for r in results)
    for r in results:
        if r.outcome == UploadOutcome.conflict:
            err_console.print(f"[red]{r.key}[/]: {r.outcome}")
    console.print(", ".join(f"{counts[o]} {o.name}" for o in UploadOutcome))
    if counts[UploadOutcome.conflict]:
        raise typer.Exit(code=EXIT_PROBLEMS_FOUND)
    if intake:
        _start_intake(store, target, sorted({r.key.split("/")[1] for r in results
                                             if r.outcome == UploadOutcome.uploaded}))


def _start_intake(store: ObjectStore, target: str, claim_ids: list[str]) -> None:
    """Hand the uploaded claims to the served intake deployment (``claimflow serve``) when a Prefect server is
    configured; without one, say how they will be decided."""
    import os

    if not claim_ids:
        return
    if not os.environ.get("PREFECT_API_URL"):
        console.print(f"{len(claim_ids)} claim(s) with new photos: no Prefect server configured (PREFECT_API_URL), "
                      "so they are decided by the next `claimflow nightly` or `claimflow process`")
        return
    from pipeline.flows.triggers import start_intakes

    started = start_intakes(store, target, claim_ids)
    console.print(f"intake_claim started for {len(started)} claim(s)")


@app.command()
def examples(out: Path = typer.Argument(Path("var/examples"), help="Folder to write the example claims into"),
             seed: int = typer.Option(1, "--seed", help="Same seed, same claims")) -> None:
    """Write a small set of example claims (photographed documents, roster, hospital registry, truth) to try
    `claimflow process` on: generated by the built-in generator, no data needed beside the repository."""
    from synthetic.claims import write_examples

    if (out / "intake").exists():
        console.print(f"{out} already holds claims: kept as they are")
        return
    truth = write_examples(out, seed)
    fast = sum(t["route"] == "fast_pay" for t in truth)
    console.print(f"wrote {len(truth)} example claims to {out} ({fast} should be fast-paid; truth in "
                  f"{out / 'truth.jsonl'})")


@app.command()
def process(source: str = typer.Argument(..., help="A folder or s3://bucket/prefix holding intake/"),
            out: Path = typer.Option(..., "--out", help="Where to write the decisions (JSON Lines)"),
            roster: Path | None = typer.Option(None, "--roster", exists=True, dir_okay=False,
                                               help="Insured roster CSV (default: SOURCE/roster.csv, "
                                                    "else $CLAIMFLOW_ROSTER)"),
            hospitals: Path | None = typer.Option(None, "--hospitals", exists=True, dir_okay=False,
                                                  help="Hospital registry CSV (default: SOURCE/hospitals.csv, "
                                                       "else the shipped registry)"),
            policy: Path | None = typer.Option(None, "--policy", exists=True, dir_okay=False,
                                               help="Policy YAML (default: the shipped policy)"),
            db: str | None = typer.Option(None, "--db", help="Claim database URL (default: $CLAIMFLOW_DB_URL, "
                                                              "else the embedded SQLite)"),
            workers: int = typer.Option(2, "--workers", min=0, help="Extraction processes (0: in this process)")
            ) -> None:
    """Check, route and record every claim under SOURCE; one decision line per claim in --out."""
    from pipeline.process.source_run import process_source
    from pipeline.process.summary import problems_table, summary_table

    try:
        with Progress(console=err_console, transient=True) as bar:
            tasks: dict[str, TaskID] = {}

            def advance(phase: str, done: int, total: int) -> None:
                if phase not in tasks:
                    tasks[phase] = bar.add_task(phase, total=total)
                bar.update(tasks[phase], completed=done, total=total)

            result = process_source(source, out, roster=roster, hospitals=hospitals, policy=policy, db_url=db,
                                    workers=workers, progress=advance)
    except ClaimflowError as e:
        raise _fail(e) from None
    problems = problems_table(result)
    if problems is not None:
        err_console.print(problems)
    console.print(summary_table(result))


@app.command()
def nightly(source: str | None = typer.Argument(None, help="Folder or s3://bucket/prefix (default: "
                                                           "$CLAIMFLOW_SOURCE, else orchestration.yaml)"),
            db: str | None = typer.Option(None, "--db", help="Claim database URL (default: $CLAIMFLOW_DB_URL, "
                                                              "else the embedded SQLite)"),
            today: str | None = typer.Option(None, "--today", help="The report's day, YYYY-MM-DD (default: today)")
            ) -> None:
    """Run the nightly_batch flow once: new claims and claims with new photos, SLA escalation, daily report."""
    from pipeline.flows.claims import nightly_batch
    from pipeline.flows.summary import run_table

    try:
        summary = nightly_batch(source=source, db_url=db, today=today)
    except ClaimflowError as e:
        raise _fail(e) from None
    console.print(run_table("nightly_batch", summary))


@app.command()
def reprocess(claim_ids: list[str] = typer.Argument(None, help="Claims to decide again (default: every claim)"),
              reason: str = typer.Option(..., "--reason", help="Why (kept in the audit log)"),
              source: str | None = typer.Option(None, "--source", help="Folder or s3://bucket/prefix"),
              db: str | None = typer.Option(None, "--db", help="Claim database URL")) -> None:
    """Run the reprocess flow: decide chosen claims again after a rule or model change, keeping history."""
    from pipeline.flows.claims import reprocess as reprocess_flow
    from pipeline.flows.summary import run_table

    try:
        summary = reprocess_flow(claim_ids=claim_ids or None, reason=reason, source=source, db_url=db)
    except ClaimflowError as e:
        raise _fail(e) from None
    console.print(run_table("reprocess", summary))


@app.command()
def notify(db: str | None = typer.Option(None, "--db", help="Claim database URL (default: $CLAIMFLOW_DB_URL, "
                                                             "else the embedded SQLite)"),
           today: str | None = typer.Option(None, "--today", help="The day, YYYY-MM-DD (default: today)")) -> None:
    """Run the send_notices flow once: progress notices, document requests and decisions owed to claimants,
    through $CLAIMFLOW_SMS_GATEWAY_URL or, without one, into a file under the data folder."""
    from pipeline.flows.notices import send_notices

    try:
        result = send_notices(db_url=db, today=today)
    except ClaimflowError as e:
        raise _fail(e) from None
    console.print(f"{result.queued} notice(s) queued, {result.sent} sent")


@app.command("rotate-key")
def rotate_key(db: str | None = typer.Option(None, "--db", help="Claim database URL (default: $CLAIMFLOW_DB_URL, "
                                                                "else the embedded SQLite)"),
               source: list[str] = typer.Option([], "--source", help="A store whose derived/ objects to re-encrypt "
                                                                     "(folder or s3://bucket/prefix; repeatable)")
               ) -> None:
    """Add a new data key to the keyring and make it current, then re-encrypt the database and the stores'
    derived objects with it (older keys stay in the keyring)."""
    import os

    from storage.crypto import KEY_ENV, default_keyring_path, rotate_keyring
    from storage.database.rekey import rekey_database, rekey_store
    from storage.database.session import default_url

    if os.environ.get(KEY_ENV):
        err_console.print(f"[bold red]error:[/] {KEY_ENV} holds one key: rotate with a keyring file instead")
        raise typer.Exit(code=4)
    try:
        new_id = rotate_keyring(default_keyring_path())
        values = rekey_database(db or default_url())
        objects = sum(rekey_store(open_store(s)) for s in source)
    except ClaimflowError as e:
        raise _fail(e) from None
    console.print(f"key {new_id} is current; {values} database value(s) and {objects} object(s) re-encrypted")


@app.command()
def serve(port: int | None = typer.Option(None, "--port", help="Port of the local Prefect server started when "
                                          "PREFECT_API_URL is unset (default: orchestration.yaml)")) -> None:
    """Serve the deployments (nightly_batch on its cron, intake_claim, reprocess, poll_intake) until stopped."""
    import signal
    import sys

    from pipeline.flows.serve import serve_deployments

    # Until serving begins, SIGTERM and SIGINT unwind (a local Prefect server being started is stopped too);
    # once it has, serve stops gently (pipeline/flows/serve.py: GracefulRunner).
    for stop in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop, lambda *_: sys.exit(0))
    try:
        serve_deployments(port)
    except ClaimflowError as e:
        raise _fail(e) from None


@app.command()
def deploy(pool: str = typer.Option("claimflow", "--pool", help="Process work pool (created if missing)")) -> None:
    """Register the deployments on a work pool of the configured Prefect server (PREFECT_API_URL), for
    `prefect worker start --pool POOL` on every host that should run claims."""
    from pipeline.flows.serve import deploy_to_pool

    for name in deploy_to_pool(pool):
        console.print(f"deployed {name} on work pool {pool}")


@app.command()
def webhook(host: str = typer.Option("127.0.0.1", "--host"), port: int = typer.Option(8090, "--port"),
            source: str | None = typer.Option(None, "--source", help="The claims store the notifications are about")
            ) -> None:
    """Receive MinIO bucket notifications at POST /minio/events and start intake_claim for each claim."""
    import uvicorn

    from pipeline.flows.webhook import make_app

    uvicorn.run(make_app(source), host=host, port=port)
