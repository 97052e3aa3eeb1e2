"""python manage.py bench_engine [--runs 20] [--load ID] [--json]: see scheduler/bench.py."""

from django.core.management.base import BaseCommand

from scheduler import bench


class Command(BaseCommand):
    help = "Benchmark the engine on the real loads and synthetic instances (exact vs beam)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--load", default="")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        argv = ["--runs", str(options["runs"])]
        if options["load"]:
            argv += ["--load", options["load"]]
        if options["json"]:
            argv.append("--json")
        bench.main(argv)
