"""Print the PostgreSQL URL the test suite should use, or nothing if none answers.

DATABASE_URL wins when it names PostgreSQL; otherwise the local URL given as argument is tried.
"""

import os
import sys


def main() -> None:
    candidates = []
    env = os.environ.get("DATABASE_URL", "")
    if env.startswith(("postgres://", "postgresql://")):
        candidates.append(env)
    if len(sys.argv) > 1:
        candidates.append(sys.argv[1])
    try:
        import psycopg
    except ImportError:
        return
    for url in candidates:
        try:
            with psycopg.connect(url, connect_timeout=3):
                print(url)
                return
        except psycopg.Error as exc:
            print("PostgreSQL {} không kết nối được: {}".format(url.split("@")[-1], exc), file=sys.stderr)


if __name__ == "__main__":
    main()
