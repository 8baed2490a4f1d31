"""Profile a benchmark scenario in-process, on data an earlier run generated (no server, no load generator).

    python -m bench.profile --scale M deviation_list            (cProfile, 30 requests, top functions)
    python -m bench.profile --scale M deviation_list --time     (only the in-process time per request)
    python -m bench.profile --scale M floor dashboard --time    ("floor" is the signed-in floor's minimal view)
    python -m bench.profile --scale M dashboard --sql           (the page's statements with their replay time)
    python -m bench.profile --scale S unit_tree --callers deepcopy   (and who calls what matches "deepcopy")

The request goes through the same middleware, views and templates as under gunicorn,
after a warm-up request, with the same settings (bench/settings.py). The profiler counts
this process's CPU time, not wall time, so other work on the machine does not blur it;
the database's own time is then left out (see --sql for that).
"""

import argparse
import cProfile
import pstats
import statistics
import sys
import time


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=["S", "M", "L"], default="M")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--top", type=int, default=45)
    parser.add_argument("--sort", default="cumulative", help="pstats sort key (cumulative, tottime, …)")
    parser.add_argument("--time", action="store_true", help="time the requests instead of profiling them")
    parser.add_argument("--sql", action="store_true", help="list the page's statements and time their replay")
    parser.add_argument("--callers", default="", help="also show who calls the functions matching this pattern")
    parser.add_argument("scenarios", nargs="+")
    args = parser.parse_args(argv)

    from bench.run import _database_url, _setup_django

    _setup_django(_database_url(args.scale), replica=True)
    from django.core.management import call_command

    from bench import ceilings
    from bench.generate import load_existing
    from bench.loadgen import Request
    from bench.run import session_cookies
    from bench.scenarios import Scenario, all_scenarios
    from lots.accounts import services as account_services

    call_command("migrate", verbosity=0)
    ds = load_existing(args.scale)
    cookies = session_cookies(ds)
    tokens = {"manager": account_services.api_token_create(actor=ds.manager, name="bench-profile")[1]}
    scenarios = {s.name: s for s in all_scenarios(ds, cookies, tokens)}
    logged_in = Request("GET", "/bench/minimal-inloggad", cookies=cookies["manager"])
    scenarios["floor"] = Scenario("floor", "Minimal inloggad vy", "page", logged_in)
    floor = ceilings.page_statements(logged_in)
    for name in args.scenarios:
        scenario = scenarios[name]
        call = ceilings._client_call(scenario.request)
        call()
        if args.sql:
            statements = ceilings.beyond_floor(ceilings.page_statements(scenario.request), floor)
            for statement in statements:
                each = ceilings.median_ms([statement])
                print(f"  {each:7.2f} ms  {statement[0][:150]}")
            print(f"{name}: {len(statements)} statements, replay median {ceilings.median_ms(statements):.2f} ms")
        elif args.time:
            timings, cpu = [], []
            for _ in range(args.requests):
                started, cpu_started = time.perf_counter(), time.process_time()
                call()
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
            timings.sort()
            p95 = timings[max(0, round(0.95 * (len(timings) - 1)))]
            print(
                f"{name}: median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms over {len(timings)}; "
                f"CPU of this process median {statistics.median(cpu):.1f} ms"
            )
        else:
            profiler = cProfile.Profile(time.process_time)
            profiler.enable()
            for _ in range(args.requests):
                call()
            profiler.disable()
            print(f"== {name}, {args.requests} requests")
            stats = pstats.Stats(profiler, stream=sys.stdout).sort_stats(args.sort)
            stats.print_stats(args.top)
            if args.callers:
                stats.print_callers(args.callers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
