"""The Redis cache backend (classtime_site.cache): one client per connection pool, made once
and reused by every later call (Django gives each thread its own backend), answering as Django's
own."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.core.cache import cache

pytestmark = pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL: run by `make test-production`")


def test_each_thread_reuses_one_redis_client_and_reads_what_it_wrote():
    # given
    def round_trip(n: int) -> tuple[int, int, bool]:
        client = cache._cache.get_client(write=True)
        cache.set(f"test-cache:{n}", n, 5)
        throttle_count = cache.incr(f"test-cache:{n}")
        return cache.get(f"test-cache:{n}"), throttle_count, cache._cache.get_client(write=True) is client

    # when
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(round_trip, range(32)))
    # then
    assert [(value, count) for value, count, _ in results] == [(n + 1, n + 1) for n in range(32)]
    assert all(reused for _, _, reused in results)
    cache.delete_many([f"test-cache:{n}" for n in range(32)])
