"""A process that saves to a store, for the concurrency and kill tests (run as a script).

``race URL PLAN_ID WORKER SAVES``: make SAVES changes to the plan, each from the latest
revision; on a conflict, read the latest again and redo the change (a trivial merge). Prints
one line per acknowledged save, ``saved WORKER I NUMBER``, and ``conflicts N`` at the end.

``open URL PLAN_FILE NEW_ID``: open the store (perhaps new) and save the plan under a new id.

``loop URL PLAN_ID``: save changes for ever, printing ``NUMBER`` as each is acknowledged; the
test kills it with SIGKILL.
"""

from __future__ import annotations

import sys

import attrs

import recoveryplan as rp


def changed(plan: rp.Plan, marker: str) -> rp.Plan:
    """The plan with a change only this save makes (the person's preferred name)."""
    return attrs.evolve(plan, person=attrs.evolve(plan.person, preferred_name=marker))


def race(url: str, plan_id: str, worker: str, saves: int) -> None:
    conflicts = 0
    with rp.open_store(url) as store:
        for index in range(saves):
            marker = f"w{worker}-{index}"
            while True:
                plan, latest = store.latest(plan_id)
                try:
                    saved = store.save(
                        changed(plan, marker), by=f"worker-{worker}", why=marker, base=latest.number
                    )
                except rp.ConflictError:
                    conflicts += 1
                    continue
                print(f"saved {worker} {index} {saved.number}", flush=True)
                break
    print(f"conflicts {conflicts}", flush=True)


def loop(url: str, plan_id: str) -> None:
    with rp.open_store(url) as store:
        plan, latest = store.latest(plan_id)
        number = latest.number
        while True:
            saved = store.save(
                changed(plan, f"k{number}"), by="looper", why=f"k{number}", base=number
            )
            number = saved.number
            print(number, flush=True)


def open_and_save(url: str, path: str, plan_id: str) -> None:
    plan = attrs.evolve(rp.load(path), id=plan_id)
    with rp.open_store(url) as store:
        print(store.save(plan, by="opener", why="new", base=None).number, flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "race":
        race(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    elif sys.argv[1] == "open":
        open_and_save(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        loop(sys.argv[2], sys.argv[3])
