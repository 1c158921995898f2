"""Run the whole suite on SQLite, then again on PostgreSQL when one is configured or reachable.

SAMIZDAT_TEST_DATABASE_URL names the PostgreSQL server; when it is unset and PostgreSQL answers on
127.0.0.1:5432 with trust auth (as on the CI machine), that one is used. Extra arguments go to
pytest on both passes.
"""

import os
import subprocess
import sys

LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/test"


def reachable(url: str) -> bool:
    try:
        import psycopg

        psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=2).close()
    except Exception:
        return False
    return True


def run(label: str, env: dict[str, str], args: list[str]) -> int:
    print(f"\n=== samizdat tests on {label} ===", flush=True)
    code = subprocess.call([sys.executable, "-m", "pytest", *args], env=env)
    return 0 if code == 5 and "-k" in args else code  # 5: nothing selected by a filter


def main() -> int:
    args = sys.argv[1:]
    sqlite_env = {k: v for k, v in os.environ.items() if k != "SAMIZDAT_TEST_DATABASE_URL"}
    failed = run("SQLite", sqlite_env, args)
    url = os.environ.get("SAMIZDAT_TEST_DATABASE_URL") or (
        LOCAL_POSTGRES if reachable(LOCAL_POSTGRES) else ""
    )
    if url:
        failed |= run("PostgreSQL", {**os.environ, "SAMIZDAT_TEST_DATABASE_URL": url}, args)
    else:
        print(
            "\nPostgreSQL pass not run: SAMIZDAT_TEST_DATABASE_URL is unset and none answers "
            "on 127.0.0.1:5432."
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
