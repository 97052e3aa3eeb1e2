"""Exact top-k branch and bound over a compiled problem, and the original beam strategy."""

from __future__ import annotations

import heapq
import time

from scheduler.engine.costs import GAP_GRACE, MEMO_ENTRIES, Scorer
from scheduler.engine.model import Problem

# per elective group still to decide: (courses still to pick, the candidates' variables)
Pending = tuple[tuple[int, tuple[tuple[int, ...], ...]], ...]


class Failures:
    """The states feasibility searches of one compiled problem proved to have no completion,
    each as the components left (bits of their variables), the picks left per group in order
    (`needs`) and one integer: the choices the components may still take, then a field of
    `len(choices)` bits per group with its candidates' choices still allowed. Costs only order
    a feasibility search, so whether a state can be completed depends on nothing else, and a
    state no wider (fewer choices, fewer candidates, the same components and needs) cannot be
    completed either. Without it, a proof that nine elective picks cannot fit beside a busy
    block took every way to take the first groups again for each (815 thousand nodes; 16
    thousand with it). A look-up compares with the 16 latest states of the same components
    and needs (comparing with all of them cost more than it spared); at most `limit` are
    kept (each is some hundreds of bytes)."""

    __slots__ = ("states", "size", "limit")

    def __init__(self, limit: int = 20_000) -> None:
        self.states: dict[tuple[int, tuple[int, ...]], list[int]] = {}
        self.size = 0
        self.limit = limit

    def covers(self, key: tuple[int, tuple[int, ...]], state: int) -> bool:
        """Whether a state known to fail is at least as wide as this one."""
        known = self.states.get(key)
        if not known:
            return False
        for wider in known[-16:]:  # the latest: scanning all cost more than it spared
            if not state & ~wider:
                return True
        return False

    def add(self, key: tuple[int, tuple[int, ...]], state: int) -> None:
        if self.size < self.limit:
            self.states.setdefault(key, []).append(state)
            self.size += 1


DEADLINE_CHECK_EVERY = 512
JOINT_COMPONENTS = 2  # how many open components the gap bound holds to one choice, in turn
WARM_WIDTH = 8  # partial schedules the warm start keeps


class Budget:
    """Node and time budget; `exhausted` once either runs out, `spent` saying which ("node" or
    "time", "" while neither has), so an explanation cut short names the right one."""

    def __init__(self, max_nodes: int, deadline_ms: float):
        self.max_nodes = max_nodes
        self.deadline = time.perf_counter() + deadline_ms / 1000
        self.nodes = 0
        self.exhausted = False
        self.spent = ""

    def tick(self) -> bool:
        self.nodes += 1
        if self.nodes >= self.max_nodes:
            self.exhausted, self.spent = True, "node"
        elif self.nodes % DEADLINE_CHECK_EVERY == 0 and time.perf_counter() > self.deadline:
            self.exhausted, self.spent = True, "time"
        return self.exhausted


def keep_best(heap: list, item: tuple, size: int) -> None:
    """Add `item` to a bounded min-heap of at most `size` items whose root is the worst kept.
    When full, heappushpop pushes first and pops the worst, so a candidate worse than all those
    kept never gets in; the original Classtime's heapreplace popped first and always pushed."""
    if len(heap) < size:
        heapq.heappush(heap, item)
    else:
        heapq.heappushpop(heap, item)


class TopK:
    """The k cheapest complete schedules seen; ties keep the one found first."""

    def __init__(self, k: int):
        self.k = k
        self.heap: list[tuple[int, int, tuple[int, ...]]] = []  # (-score, -seq, choices)
        self.members: set[tuple[int, ...]] = set()
        self.seq = 0
        # a partial schedule whose lower bound reaches this cannot enter (read at every node,
        # so kept up to date rather than computed)
        self.bound: float = float("inf")

    def offer(self, score: int, choices: tuple[int, ...]) -> None:
        """Keep the schedule if it is among the k best; a schedule already kept (the search
        can meet one the warm start found) is not kept twice."""
        key = tuple(sorted(choices))
        if key in self.members:
            return
        self.seq += 1
        item = (-score, -self.seq, key)
        if len(self.heap) < self.k:
            heapq.heappush(self.heap, item)
            self.members.add(key)
        else:
            out = heapq.heappushpop(self.heap, item)  # as keep_best
            self.members.add(key)
            self.members.discard(out[2])
        if len(self.heap) >= self.k:
            self.bound = -self.heap[0][0]

    def ranked(self) -> list[tuple[int, tuple[int, ...]]]:
        return [(-s, c) for s, q, c in sorted(self.heap, key=lambda x: (-x[0], -x[1]))]


Day = tuple[tuple[int, int], ...]  # one weekday's placed classes, sorted


def place(by_day: list[Day], weekly: tuple[tuple[int, int, int], ...]) -> list[tuple[int, Day]]:
    """Add a choice's weekly meetings to the placed classes of each weekday (kept as sorted
    tuples, the key of the day memos); returns what to restore: each touched day as it was."""
    saved: list[tuple[int, Day]] = []
    for d, start, end in weekly:
        day = by_day[d]
        if not saved or saved[-1][0] != d:  # weekly is sorted by day
            saved.append((d, day))
        by_day[d] = tuple(sorted((*day, (start, end)))) if day else ((start, end),)
    return saved


def week_of(problem: Problem, chosen: list[int]) -> list[tuple[int, int, int]]:
    return [w for i in chosen for w in problem.choices[i].weekly]


class Bounder:
    """The admissible lower bound of a search node (docs/engine.md, "Bounds"): the cost so far,
    plus each open component's cheapest remaining choice, plus the schedule-level costs that
    can only grow (days with classes and free days counting days already used or forced by every
    remaining choice of a component, lunch and marathons on the classes chosen, idle gaps on
    days no open component can still add a class to, and on the other days the part of each
    gap that the open components cannot fill)."""

    def __init__(self, problem: Problem, scorer: Scorer, active_vars: list[int], week_on: bool):
        self.problem = problem
        self.scorer = scorer
        self.costs = [c.cost for c in problem.choices]
        self.week_on = week_on
        p = scorer.p
        self.shape_on = week_on and (
            p.lunch_weight > 0 or p.marathon_weight > 0 or p.gaps_weight > 0
        )
        self.days_weight = p.days_on_campus_weight if week_on else 0
        self.free_weight = p.free_days_weight if week_on else 0
        self.free_mask = scorer.free_days_mask
        self.fill_memo: dict[tuple[int, int, int, int, int], int] = {}
        # per weekday, as the scorer's day memos: the weekdays with no busy time share one
        by_memo: dict[int, dict[tuple[tuple[int, int], ...], tuple[int, int, tuple]]] = {}
        self.info_memos = [by_memo.setdefault(id(memo), {}) for memo in scorer.day_memos]
        if not week_on:
            return  # the day tables below serve the week preferences only
        variables, choices = problem.variables, problem.choices
        self.on_day = {}
        for v in active_vars:
            on = [0] * 7
            for i in variables[v].choices:
                for d, _, _ in choices[i].weekly:
                    on[d] |= 1 << i
            self.on_day[v] = on
        # the (weekday, choices meeting that day) pairs of each variable, days with none left out
        self.day_lists = {
            v: [(d, mask) for d, mask in enumerate(self.on_day[v]) if mask] for v in active_vars
        }
        if not p.gaps_weight:
            return  # the tables below serve the idle-gap bound only
        # per variable and weekday: the choices meeting that day, with their intervals, and the
        # most meetings one choice has that day (how many pieces it can cut a gap into)
        self.day_choices: dict[int, list[list[tuple[int, tuple[tuple[int, int], ...]]]]] = {}
        self.pieces: dict[int, list[int]] = {}
        for v in active_vars:
            per_day: list[list[tuple[int, tuple[tuple[int, int], ...]]]] = [[] for _ in range(7)]
            for i in variables[v].choices:
                by_day: dict[int, list[tuple[int, int]]] = {}
                for d, a, b in choices[i].weekly:
                    by_day.setdefault(d, []).append((a, b))
                for d, spans in by_day.items():
                    per_day[d].append((1 << i, tuple(spans)))
            self.day_choices[v] = per_day
            self.pieces[v] = [max((len(sp) for _, sp in per_day[d]), default=0) for d in range(7)]

    def days_cost(self, days: int) -> int:
        """Days on campus and free days given up, for a set of weekdays with a class."""
        return (
            self.days_weight * days.bit_count()
            + self.free_weight * (days & self.free_mask).bit_count()
        )

    def node(
        self,
        unassigned: list[int],
        allowed: int,
        cost: int,
        assigned_days: int,
        by_day: list[Day],
        limit: float = float("inf"),
        pending: Pending = (),
    ) -> tuple[int, int, int, int, int] | None:
        """(bound, variable to branch on, its domain, base, days) or None when a component has
        no choice left, or an elective group too few courses that can still be taken. The
        branching variable is the one with the fewest remaining choices (-1 when every
        component of the courses taken is placed: the search then picks an elective course).
        Each group with picks left adds its cheapest candidates' cheapest choices; they may fill
        idle gaps, but force no day, since they may not be taken.
        `base` is the part of the bound that stays a bound for every child (per-section costs
        and the costs on the classes chosen that only grow) and `days` the weekdays every
        completion uses: a child taking choice i of the branching variable is bounded by
        base - cheapest(variable) + cost(i) + days_cost(days | days(i))."""
        variables, costs = self.problem.variables, self.costs
        best_var, best_dom, best_size, bound = -1, 0, 1 << 30, cost
        forced = open_days = 0
        doms = []
        week_on = self.week_on
        for v in unassigned:
            dom = allowed & variables[v].mask
            if not dom:
                return None
            bound += costs[(dom & -dom).bit_length() - 1]
            size = dom.bit_count()
            if size < best_size:
                best_var, best_dom, best_size = v, dom, size
            if week_on:
                doms.append((v, dom))
                for d, on in self.day_lists[v]:
                    hit = dom & on
                    if hit:
                        open_days |= 1 << d
                        if hit == dom:
                            forced |= 1 << d
        fillers = []  # the elective candidates' components: they may fill gaps, or be left out
        for need, candidates in pending:
            lows = []
            for course in candidates:
                low = 0
                for v in course:
                    dom = allowed & variables[v].mask
                    if not dom:
                        break  # it cannot be taken any more
                    low += costs[(dom & -dom).bit_length() - 1]
                else:
                    lows.append(low)
                    if week_on:
                        for v in course:
                            dom = allowed & variables[v].mask
                            fillers.append((v, dom))
                            for d, on in self.day_lists[v]:
                                if dom & on:
                                    open_days |= 1 << d
            if len(lows) < need:
                return None
            if need == 1:
                bound += min(lows)
            else:
                lows.sort()
                bound += sum(lows[:need])
        if not week_on:
            return bound, best_var, best_dom, bound, 0
        days = assigned_days | forced
        bound += self.days_cost(days)
        base = bound - self.days_cost(days)
        if self.shape_on and bound < limit:
            grows, fill = self.shape(open_days, by_day, doms, limit - bound, fillers)
            base += grows
            bound += grows + fill
        return bound, best_var, best_dom, base, days

    def best_fill(self, v: int, day: int, start: int, end: int, here: int) -> int:
        """The most minutes of the gap (start, end) on `day` one of v's choices in `here`
        covers: each component takes one choice, so it fills at most that."""
        best = 0
        for bit, spans in self.day_choices[v][day]:
            if bit & here:
                covered = 0
                for a, b in spans:
                    if a < end and b > start:
                        covered += min(b, end) - max(a, start)
                if covered > best:
                    best = covered
        return best

    def shape(
        self,
        open_days: int,
        by_day: list[Day],
        doms: list[tuple[int, int]],
        limit: float,
        fillers: list[tuple[int, int]] = (),
    ) -> tuple[int, int]:
        """(lunch, marathons and idle gaps on days no open component reaches: costs that only
        grow; idle time the open components cannot fill on the other days: a bound that may
        drop as classes are added). Stops refining once it reaches `limit`."""
        grows = 0
        open_gaps: list[tuple[int, tuple[tuple[int, int, int], ...]]] = []
        memos = self.info_memos
        for d in range(7):
            placed = by_day[d]
            if not placed:
                continue
            found = memos[d].get(placed)  # `day_info`, its look-up inline on the hot path
            gaps, lunch_marathon, gap_list = found or self.day_info(d, placed)
            grows += lunch_marathon
            if not gaps:
                continue
            if not open_days >> d & 1:
                grows += gaps
                continue
            open_gaps.append((d, gap_list))
        if not open_gaps or grows >= limit:
            return grows, 0
        return grows, self.unfilled(open_gaps, doms, limit - grows, fillers)

    def day_info(self, day: int, key: Day) -> tuple[int, int, tuple]:
        """(idle-gap cost, lunch and marathon cost, the gaps between runs with their minutes
        not buffers: `Scorer.gaps_of`) of weekday `day`'s placed classes (a sorted tuple),
        memoised."""
        memo = self.info_memos[day]
        found = memo.get(key)
        if found is None:
            gaps, lunch, marathon = self.scorer.day_parts(day, key)
            if len(memo) >= self.scorer.day_memo_entries:
                memo.clear()  # memory per request stays bounded
            found = memo[key] = (gaps, lunch + marathon, self.scorer.gaps_of(day, key))
        return found

    def unfilled(
        self,
        open_gaps: list[tuple[int, tuple[tuple[int, int, int], ...]]],
        doms: list[tuple[int, int]],
        limit: float,
        fillers: list[tuple[int, int]] = (),
    ) -> int:
        """The idle-gap cost the open components cannot remove from the gaps of the classes
        placed. First each component (and each elective candidate's, in `fillers`) fills each
        gap with its best choice for that gap; then, one component of `doms` at a time, it is
        held to a single choice for every gap of the week (the others keep their best per
        gap), and the largest such bound is kept. A candidate's component is never held: its
        course may not be taken at all."""
        weight = self.scorer.p.gaps_weight
        memo, on_day, pieces_of = self.fill_memo, self.on_day, self.pieces
        # per gap: the minutes left when every component fills it as best it can
        rest: list[tuple[int, list[tuple[int, int, int]]]] = []
        gives: dict[int, list[tuple[int, int, int]]] = {}  # what each component took, per gap
        total = 0
        fill_doms = [*doms, *fillers] if fillers else doms
        for k, (d, gaps) in enumerate(open_gaps):
            heres = [(v, here) for v, dom in fill_doms if (here := dom & on_day[v][d])]
            idle = 0
            per_gap = []
            for g, (start, end, free) in enumerate(gaps):
                filled = pieces = 0
                for v, here in heres:
                    key = (v, d, start, end, here)
                    best = memo.get(key)
                    if best is None:
                        if len(memo) >= MEMO_ENTRIES:
                            memo.clear()  # memory per request stays bounded
                        best = memo[key] = self.best_fill(v, d, start, end, here)
                    if best:
                        p = pieces_of[v][d]
                        filled += best
                        pieces += p
                        gives.setdefault(v, []).append((k, g, best + p * GAP_GRACE))
                # a buffer's minutes are not idle: a class never fills them (it would clash,
                # or, held on other dates, only makes this bound lower)
                left = free - filled - (pieces + 1) * GAP_GRACE
                per_gap.append((start, end, left))
                if left > 0:
                    idle += left
            total += weight * (idle // 30)
            rest.append((d, per_gap))
        if total >= limit:
            return total
        best = total
        # the components that take most from the gaps are the ones worth holding to one choice
        dom_of = dict(doms)
        takers = sorted(
            [v for v in gives if v in dom_of] if fillers else gives,
            key=lambda v: (-sum(give for _, _, give in gives[v]), v),
        )
        for v in takers[:JOINT_COMPONENTS]:
            dom = dom_of[v]
            mine = gives[v]
            # what v itself took from each gap: give it back, then let one choice fill
            back = [(d, list(per_gap)) for d, per_gap in rest]
            for k, g, give in mine:
                start, end, left = back[k][1][g]
                back[k][1][g] = (start, end, left + give)
            idle_without = [sum(max(0, left) for _, _, left in row) for _, row in back]
            if sum(weight * (idle // 30) for idle in idle_without) < limit:
                continue  # even if v filled nothing the node would not be pruned: skip the work
            lowest = None
            bit_days: dict[int, list[int]] = {}
            for k, (d, row) in enumerate(back):
                for bit, spans in self.day_choices[v][d]:
                    if not bit & dom:
                        continue
                    idle = 0
                    for start, end, left in row:
                        covered = pieces = 0
                        for a, b in spans:
                            if a < end and b > start:
                                covered += min(b, end) - max(a, start)
                                pieces += 1
                        idle += max(0, left - covered - pieces * GAP_GRACE)
                    bit_days.setdefault(bit, list(idle_without))[k] = idle
            dom_count = dom.bit_count()
            if len(bit_days) < dom_count:  # some choice meets none of these days
                lowest = sum(weight * (idle // 30) for idle in idle_without)
            for idles in bit_days.values():
                cost = sum(weight * (idle // 30) for idle in idles)
                if lowest is None or cost < lowest:
                    lowest = cost
                if lowest <= best:
                    break
            if lowest is not None and lowest > best:
                best = lowest
                if best >= limit:
                    return best
        return best


def warm_start(
    problem: Problem,
    scorer: Scorer,
    bounder: Bounder,
    active_vars: list[int],
    allowed: int,
    top: TopK,
    budget: Budget,
    width: int = WARM_WIDTH,
) -> None:
    """Offer the top-k a few good schedules before the exact search starts, so its k-th best
    is tight from the first node: a narrow beam over merged choices, components fewest
    choices first, each partial schedule scored as it stands (its idle gaps included), the
    allowed sets ANDed as in the search. Only an incumbent: the exact search proves or beats
    it."""
    choices, variables = problem.choices, problem.variables
    order = sorted(active_vars, key=lambda v: ((allowed & variables[v].mask).bit_count(), v))
    day_cost, days_cost = scorer.sorted_day_cost, bounder.days_cost
    # (score, sequence, chosen, allowed, per-section cost, days, per-day classes, their costs)
    pool: list[tuple] = [(0, 0, (), allowed, 0, 0, ((),) * 7, 0)]
    seq = 0
    for depth, v in enumerate(order):
        later = [variables[u].mask for u in order[depth + 1 :]]
        heap: list[tuple] = []
        for _, _, chosen, ok, cost, days, week, shape in pool:
            dom = ok & variables[v].mask
            while dom:
                low = dom & -dom
                i = low.bit_length() - 1
                dom ^= low
                if budget.tick():
                    return
                c = choices[i]
                now = ok & c.row
                if not all(now & mask for mask in later):
                    continue
                # only the weekdays this choice meets are scored again
                new_week = list(week)
                saved = place(new_week, c.weekly)
                new_shape = shape
                for d, day in saved:
                    new_shape += day_cost(d, new_week[d]) - (day_cost(d, day) if day else 0)
                new_days = days | c.days
                score = cost + c.cost + days_cost(new_days) + new_shape
                seq += 1
                item = (
                    -score,
                    -seq,
                    (*chosen, i),
                    now,
                    cost + c.cost,
                    new_days,
                    tuple(new_week),
                    new_shape,
                )
                keep_best(heap, item, width)
        pool = [(-item[0], *item[1:]) for item in sorted(heap, reverse=True)]
        if not pool:
            return
    for score, _, chosen, *_ in pool:
        if score < top.bound:
            top.offer(score, chosen)


def exact(
    problem: Problem,
    scorer: Scorer,
    active_vars: list[int],
    allowed: int,
    top: TopK,
    budget: Budget,
    *,
    feasibility_only: bool = False,
    pending: Pending = (),
    try_first: int = 0,
    failures: Failures | None = None,
) -> None:
    """Depth-first branch and bound: fail-first variable order, forward checking by ANDing
    bitsets, children ordered by their own cheap lower bound (and cut when it reaches the k-th
    best), every node pruned on its admissible lower bound. `pending`: the elective picks
    left; once the components of the courses taken are placed, the search picks the next
    elective course (the first of a group's candidates it takes, those before it left out), so
    every selection is met once and the bounds prune whole families of them. `try_first`
    (feasibility only, where costs only order the search): choices to prefer, ranked as if they
    cost 0 and the others 1 (a preference: which schedule is found first may change, never
    whether one is). A feasibility search skips the states `failures` knows cannot be
    completed, and adds those it proves so (searches of one problem may share it)."""
    choices = problem.choices
    if feasibility_only and try_first:
        costs = [0 if try_first >> i & 1 else 1 for i in range(len(choices))]
    else:
        costs = [c.cost for c in choices]
    rows = [c.row for c in choices]
    day_sets = [c.days for c in choices]
    week_on = bool(scorer.week_terms) and not feasibility_only
    candidates = [v for _, cands in pending for course in cands for v in course]
    bounder = Bounder(problem, scorer, [*active_vars, *candidates], week_on)
    bounder.costs = costs
    days_cost = bounder.days_cost
    day_cost = scorer.sorted_day_cost
    shape_on = bounder.shape_on
    by_day: list[Day] = [()] * 7
    chosen: list[int] = []
    masks = [v.mask for v in problem.variables]
    failed = Failures() if failures is None else failures
    width = len(choices)
    fields: list = [None, (), 0, 0]  # the picks left last seen: their needs, fields, copies

    def remembered(
        unassigned: list[int],
        pending: Pending,
        allowed: int,
        cost: int,
        assigned_days: int,
        node: tuple,
    ) -> None:
        """`expand` for a search with elective picks, which skips a state no wider than one
        seen to fail (see `Failures`) while nothing has been found: until then no bound prunes
        (the k-th best is infinite), so a state whose search found nothing has no schedule."""
        if top.heap:
            expand(unassigned, pending, allowed, cost, assigned_days, node)
            return
        here = vars_bits = 0
        for v in unassigned:
            here |= allowed & masks[v]
            vars_bits |= 1 << v
        if fields[0] is not pending:  # the same picks left since the last pick: same fields
            needs, mask, copies = [], 0, 0
            for g, (need, cands) in enumerate(pending, start=1):
                for course in cands:  # each group's candidates' choices in a field of its own
                    for v in course:
                        mask |= masks[v] << (g * width)
                needs.append(need)
                copies |= 1 << (g * width)
            fields[:] = [pending, tuple(needs), mask, copies]
        _, needs, mask, copies = fields
        here |= allowed * copies & mask  # `allowed` copied into every group's field
        key = (vars_bits, needs)
        if failed.covers(key, here):
            return
        expand(unassigned, pending, allowed, cost, assigned_days, node)
        if not top.heap and not budget.exhausted:
            failed.add(key, here)

    def expand(
        unassigned: list[int],
        pending: Pending,
        allowed: int,
        cost: int,
        assigned_days: int,
        node: tuple,
    ) -> None:
        """Search below a node whose bound is below the k-th best. Its children are bounded
        first (cheaply, then fully) and visited best bound first, so good schedules are found
        early and the k-th best tightens fast."""
        _, best_var, dom, base, days = node
        if best_var < 0:
            pick(pending, allowed, cost, assigned_days)
            return
        base -= costs[(dom & -dom).bit_length() - 1]
        kids = []
        while dom:
            low = dom & -dom
            i = low.bit_length() - 1
            dom ^= low
            kids.append((base + costs[i] + days_cost(days | day_sets[i]), i))
        kids.sort()
        if len(unassigned) == 1 and not pending:
            leaves(kids, cost, assigned_days)
            return
        rest = [v for v in unassigned if v != best_var]
        # the idle time the classes placed leave now, for the children's tie-breaker
        placed_now = sum(day_cost(d, day) for d, day in enumerate(by_day) if day) if shape_on else 0
        # Lazy best-first over the children: each waits under its cheap bound until it is the
        # most promising, is then bounded fully and waits again under that bound (with the idle
        # time it already leaves as tie-breaker), and is searched when it comes out on top
        # again. A child whose bound reaches the k-th best is never looked at more closely.
        waiting = [(quick, -1, i, 0, None) for quick, i in kids]  # already a heap: sorted
        while waiting:
            bound, _, i, child_allowed, child = heapq.heappop(waiting)
            if bound >= top.bound:
                return  # every child left is bounded at least as high
            # the placed classes matter only to the costs of a day's shape
            saved = place(by_day, choices[i].weekly) if shape_on else ()
            if child is None:
                if budget.tick():
                    return
                child_allowed = allowed & rows[i]
                child = bounder.node(
                    rest,
                    child_allowed,
                    cost + costs[i],
                    assigned_days | day_sets[i],
                    by_day,
                    top.bound,
                    pending,
                )
                if child is not None and child[0] < top.bound:
                    now = placed_now
                    if shape_on:
                        for d, day in saved:
                            now += day_cost(d, by_day[d]) - (day_cost(d, day) if day else 0)
                    heapq.heappush(waiting, (child[0], now, i, child_allowed, child))
            else:
                chosen.append(i)
                descend(
                    rest,
                    pending,
                    child_allowed,
                    cost + costs[i],
                    assigned_days | day_sets[i],
                    child,
                )
                chosen.pop()
            for d, day in saved:
                by_day[d] = day
            if budget.exhausted or (feasibility_only and top.heap):
                return

    def pick(pending: Pending, allowed: int, cost: int, assigned_days: int) -> None:
        """Below a node whose courses taken are all placed: take the next elective course of
        the first group with picks left. Child j takes its j-th candidate and leaves out those
        before it; each is bounded and searched best bound first."""
        # a candidate a component of which has no choice left can never be taken below here:
        # leave it out, so the bounds and the memo of failed states no longer look at it
        pending = tuple(
            (need, tuple(c for c in cands if all(allowed & masks[v] for v in c)))
            for need, cands in pending
        )
        (need, candidates), later = pending[0], pending[1:]
        waiting = []
        for j, course in enumerate(candidates):
            after = candidates[j + 1 :]
            if len(after) < need - 1:
                break  # too few candidates left to make the picks
            rest = ((need - 1, after), *later) if need > 1 else later
            if not course and not rest:  # a course without components completes the schedule
                complete(cost, assigned_days)
                continue
            if budget.tick():
                return
            child = bounder.node(
                list(course), allowed, cost, assigned_days, by_day, top.bound, rest
            )
            if child is not None and child[0] < top.bound:
                waiting.append((child[0], j, course, rest, child))
        waiting.sort()
        for bound, _, course, rest, child in waiting:
            if bound >= top.bound:
                return
            descend(list(course), rest, allowed, cost, assigned_days, child)
            if budget.exhausted or (feasibility_only and top.heap):
                return

    def complete(cost: int, assigned_days: int) -> None:
        """Offer the schedule of the classes placed, every component of its courses chosen."""
        score = cost
        if week_on:
            score += days_cost(assigned_days) + sum(
                day_cost(d, day) for d, day in enumerate(by_day) if day
            )
        if score < top.bound:
            top.offer(score, tuple(chosen))

    def leaves(kids: list[tuple[int, int]], cost: int, assigned_days: int) -> None:
        """The children of a node with one component left, scored exactly: only the weekdays a
        child meets are scored again, the others keep the cost of the classes placed."""
        placed = [day_cost(d, by_day[d]) if by_day[d] else 0 for d in range(7)]
        placed_total = sum(placed)
        for quick, i in kids:
            if quick >= top.bound or budget.tick():
                return
            score = cost + costs[i]
            if week_on:
                score += days_cost(assigned_days | day_sets[i]) + placed_total
                if shape_on:
                    for d, day in place(by_day, choices[i].weekly):
                        score += day_cost(d, by_day[d]) - placed[d]
                        by_day[d] = day
            if score < top.bound:
                chosen.append(i)
                top.offer(score, tuple(chosen))
                chosen.pop()

    if budget.tick():
        return
    if not active_vars and not pending:
        top.offer(0, ())
        return
    if bounder.shape_on and scorer.p.gaps_weight and not feasibility_only:
        # idle gaps are the cost whose bound stays loosest: start from a good incumbent
        picks = likely_picks(problem, pending, allowed, costs)
        if picks is not None:
            warm_start(problem, scorer, bounder, [*active_vars, *picks], allowed, top, budget)
    # the memo pays where elective picks are made (the same state met after many selections)
    descend = remembered if pending else expand
    root = bounder.node(list(active_vars), allowed, 0, 0, by_day, top.bound, pending)
    if root is not None and root[0] < top.bound:
        descend(list(active_vars), pending, allowed, 0, 0, root)


def likely_picks(
    problem: Problem, pending: Pending, allowed: int, costs: list[int]
) -> list[int] | None:
    """The variables of a selection worth a warm start: in each group, the candidates whose
    cheapest choices cost least; None when some group has too few courses that can be taken."""
    picked = []
    for need, candidates in pending:
        ranked = []
        for j, course in enumerate(candidates):
            doms = [allowed & problem.variables[v].mask for v in course]
            if all(doms):
                ranked.append((sum(costs[(d & -d).bit_length() - 1] for d in doms), j, course))
        if len(ranked) < need:
            return None
        ranked.sort()
        picked += [v for _, _, course in ranked[:need] for v in course]
    return picked


def beam(
    problem: Problem,
    scorer: Scorer,
    active_vars: list[int],
    allowed: int,
    top: TopK,
    budget: Budget,
    width: int,
    pending: Pending = (),
) -> None:
    """The original Classtime strategy, section by section as it did it: courses with the fewest
    components first, each component in turn; every candidate schedule cloned with every
    section that does not conflict with it (checked meeting by meeting), scored as it stands,
    and only the `width` cheapest candidates kept in a bounded heap. Unlike the original, the
    heap uses heappushpop, which never admits a candidate worse than the one it would evict
    (heapreplace does). Approximate: it may miss the best schedules, or every schedule. What is
    ported from the original and what is not, and why: docs/engine.md, "Search", item 5.

    The original had no electives. With picks left (`pending`), the same beam takes one more
    kind of step once the courses taken are placed: each candidate is cloned with each next
    course of the first group with picks left (one after the last it took there), the course
    whose components' cheapest choices cost least first; that course's components are then
    placed in turn, candidates whose course has fewer waiting unchanged."""
    from scheduler.engine.model import held_meetings, meetings_clash

    choices, variables = problem.choices, problem.variables
    # (cost, sections picked, components of its course still to place, picks left)
    candidates: list[tuple[int, tuple[tuple[int, str], ...], tuple[int, ...], Pending]]
    candidates = [(0, (), (), pending)]
    options_of: dict[int, list] = {}
    # per variable, the variables of the courses it may overlap (an allowed overlap): their
    # meetings are not compared, the rows say whether the two go together (a cap included)
    paired: dict[int, set[int]] = {}
    for a, b in problem.overlaps:
        for x, y in ((a, b), (b, a)):
            for v in problem.course_vars.get(x, ()):
                paired.setdefault(v, set()).update(problem.course_vars.get(y, ()))

    def extend(picked: tuple, v: int, heap: list, seq: int, todo: tuple, left: Pending) -> int:
        """Clone `picked` with every section of component `v` that fits it, scored as it stands."""
        options = options_of.get(v)
        if options is None:
            # each section's own meetings that take place (one-offs on their date's weekday)
            options = options_of[v] = [
                (i, s, held_meetings(s.meetings, problem.holidays)[0])
                for i in variables[v].choices
                if allowed >> i & 1
                for s in choices[i].sections
            ]
        free = paired.get(v, ())
        for i, section, mine in options:
            if budget.tick():
                break
            if any(
                meetings_clash(a, b)
                for j, _ in picked
                if choices[j].var not in free
                for b in choices[j].hard
                for a in mine
            ):
                continue
            if any(choices[j].row >> i & 1 == 0 for j, _ in picked):
                continue  # section links (folded into the rows) or a busy time
            new = picked + ((i, section.id),)
            chosen = [j for j, _ in new]
            cost = sum(choices[j].cost for j in chosen) + sum(
                scorer.week(week_of(problem, chosen)).values()
            )
            seq += 1
            keep_best(heap, (-cost, -seq, new, todo, left, cost), width)
        return seq

    for v in active_vars:
        heap: list[tuple] = []
        seq = 0
        for _, picked, _, left in candidates:
            seq = extend(picked, v, heap, seq, (), left)
        candidates = [(c, p, t, rest) for _, _, p, t, rest, c in sorted(heap, reverse=True)]
        if not candidates or budget.exhausted:
            return
    while any(todo or left for _, _, todo, left in candidates):
        heap, seq = [], 0
        placing = any(todo for _, _, todo, _ in candidates)
        for cost, picked, todo, left in candidates:
            if todo:
                seq = extend(picked, todo[0], heap, seq, todo[1:], left)
            elif placing:  # its course is placed: it waits for the others'
                seq += 1
                keep_best(heap, (-cost, -seq, picked, todo, left, cost), width)
            else:
                (need, courses), later = left[0], left[1:]
                for j, course in enumerate(courses):
                    if len(courses) - j - 1 < need - 1 or budget.tick():
                        break
                    rest = ((need - 1, courses[j + 1 :]), *later) if need > 1 else later
                    seq += 1
                    look = cost + cheapest(problem, course, allowed)
                    keep_best(heap, (-look, -seq, picked, course, rest, cost), width)
        candidates = [(c, p, t, rest) for _, _, p, t, rest, c in sorted(heap, reverse=True)]
        if not candidates or budget.exhausted:
            return
    seen = set()
    for _, picked, _, _ in candidates:
        chosen = tuple(j for j, _ in picked)
        if chosen in seen:
            continue  # two sections of one merged choice: the same schedule
        seen.add(chosen)
        score = sum(choices[i].cost for i in chosen) + sum(
            scorer.week(week_of(problem, list(chosen))).values()
        )
        if score < top.bound:
            top.offer(score, chosen)


def cheapest(problem: Problem, course: tuple[int, ...], allowed: int) -> int:
    """The sum of the cheapest allowed choice of each of a course's components (0 if none)."""
    total = 0
    for v in course:
        dom = allowed & problem.variables[v].mask
        if dom:
            total += problem.choices[(dom & -dom).bit_length() - 1].cost
    return total
