"""A deterministic synthetic Swedish region in the data contract of hr-data.md §1.

``generate(out_dir)`` writes units, persons, employments, absences, surveys, staffing, sam,
salaries and occupations as CSV (UTF-8, comma, header, ISO dates). ``build()`` returns the same
tables in memory as Arrow tables. Everything is drawn from numpy generators seeded from
``seed`` (one independent stream per part, so changing one part does not reshuffle the
others), all in vectorised numpy: there is a loop over years and over a handful of categories,
never over persons or days. The same seed gives the same bytes.

The modelling choices, part by part:

- **Organisation** (``catalogue.FORVALTNINGAR``): region → förvaltningar → verksamheter →
  workplaces. The number of workplaces is ``300 × (employees / 55,000) ** 0.75`` (at least
  12), allotted to verksamheter by staff share (largest remainder; at small sizes the smaller
  verksamheter disappear, but every förvaltning keeps one). The power below one keeps
  workplaces of a workable size in small data sets (about 40 persons at 3,000 employees, 180
  at 55,000). Workplace sizes vary log-normally (σ 0.5) around the verksamhet's mean. Every
  employment is placed on a workplace (a leaf).
- **Staff stock**: on 1 January of the first year there are ``employees`` monthly-paid
  persons. Each workplace has ``max(1, round(size / 25))`` managers (enhetschef, one
  verksamhetschef per verksamhet, chef for administration and service), the rest drawn from
  the occupation mix of the workplace's type, perturbed per workplace. Gender, age, contracted
  rate, weekly hours (38.25 or 37 for shift work round the clock, else 40) and form
  (tillsvidare/visstid) depend on the occupation (``catalogue.OCCUPATIONS``).
- **Exits** are competing risks over each person's exposure: a planned retirement date (a
  retirement age of 60–69 with most mass at 65 and a few months after the birthday, calibrated
  so that the mean exact age at exit is ≈ 64.6), voluntary resignation (egen_begaran, by age:
  12 % a year under 25, 2 % from 60), employer termination, death, other (e.g.
  sjukersättning), and the end of a fixed-term contract (visstid_slut) unless it is converted
  to tillsvidare (45 %).
- **Entries**: each leaver is replaced with the occupation's *fill rate* probability (1.0 for
  most; 0.80–0.96 for 19 competences such as distriktssköterska, specialistläkare in
  allmänmedicin and psykiatri, röntgen-, operations-, anestesi- and IVA-sjuksköterska,
  tandläkare, biomedicinsk analytiker, psykolog), mostly in the same workplace, after a vacancy
  of about six weeks. Those competences therefore shrink year by year (shortage), and the
  region fills the gap with other staff: at each year end it hires for the non-shortage
  occupations whatever keeps the monthly-paid stock at ``employees``.
- **Careers**: persons change workplace within their förvaltning (3.5 % a year), part-timers
  raise their rate (often to 100 %), converted visstid becomes tillsvidare; each change starts a
  new employment row the next day (the continued row has no end_reason). 3 % of persons also
  take hourly-paid shifts in another workplace, and 2 % of part-timers hold a second
  monthly-paid employment (kombinationstjänst). Hourly-paid (T) persons, about 6 % of the
  stock, are mostly young or retired and work spells of weeks to months.
- **Sick leave**: per person three Poisson episode processes (short 1–14 days, medium 15–59,
  long ≥ 60 days) whose intensity varies over the calendar (winter peak, July trough, the
  2020–2022 pandemic waves) by a time change of a unit-rate process; persons have gamma
  frailties, occupations and workplaces multiplicative effects (workplace effects are what makes
  some workplaces stably low), men 0.62 of women. Short and medium episodes are followed by a
  relapse within 2–6 days in 12 % of cases. Long episodes come in up to three consecutive
  periods with falling extent (100 → 75/50/25 %). An episode that would overlap an earlier one
  of the same person is dropped, so sick periods of a person never overlap, and all lie within
  the person's employment.
- **Other leave**: föräldraledighet (full-time months, then often part-time for years),
  partial tjänstledighet among persons contracted full time (the gap between heltidsanställda
  and heltidsarbetande), some full tjänstledighet, and four summer weeks of semester for some.
- **Surveys** every odd year (MU2017, MU2019 …) on 1 October: 75 % of the monthly-paid answer
  HME1–HME9 and four other questions (DELAKTIGHET, TYDLIGA_MAL, ARBETSBELASTNING, and from 2023
  CHEF_FORUTSATTNINGAR for managers). Answers are ``1 + Binomial(4, p)`` where ``p`` combines a
  target index per question and role (the programme's Nuläge 2021 for HME, drifting up over the
  years), a workplace effect and a respondent effect; the level is calibrated per survey,
  question and role so its expected index is the target. 2.5 % of answers are skipped.
- **Staffing**: monthly own hours from the employments (scheduled hours less 20 % absence),
  hired hours in a minority of workplaces (most in vårdcentraler and psychiatry), peaking in
  summer and 2021–2023; costs from the workplace's salary mix and hired-staff prices.
- **SAM**: each manager on 30 November gets a follow-up; compliance rises from 30 % (2017)
  via 40 % (2021) to 75 % (2025).
- **Salaries**: at hire and at each 1 April revision; levels per occupation (2021), a yearly
  index, an experience gradient, a persistent personal factor, women 2.5 % lower within the
  occupation.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from attraktiv.hrdata.schema import TABLES

from . import catalogue as cat
from .calendar import day

NONE = 2**30  # "no date": an open end, no exit, no event
END_REASONS = ("", "pension", "egen_begaran", "arbetsgivare", "visstid_slut", "dodsfall", "ovrigt")
PENSION, EGEN, ARBETSGIVARE, VISSTID_SLUT, DODSFALL, OVRIGT = range(1, 7)

OCC = cat.OCCUPATIONS
OCC_INDEX = {o.key: i for i, o in enumerate(OCC)}
N_OCC = len(OCC)
WOMEN = np.array([o.women for o in OCC])
AGE = np.array([o.age for o in OCC])
HIRE_AGE = np.array([o.hire_age for o in OCC])
SALARY = np.array([o.salary for o in OCC], dtype=float)
FILL = np.array([o.fill for o in OCC])
SICK = np.array([o.sick for o in OCC])
FULL = np.array([o.full for o in OCC])
VISSTID = np.array([o.visstid for o in OCC])
IS_MANAGER = np.array([o.key in cat.MANAGER_KEYS for o in OCC])
SHIFT = np.array([o.key in cat.SHIFT_OCCUPATIONS for o in OCC])
SHORTAGE = FILL < 0.999

Progress = Callable[[str, float], None]


def _rng(seed: int, part: str) -> np.random.Generator:
    """An independent generator for one part of the region."""
    return np.random.default_rng([seed, zlib.crc32(part.encode())])


def _choice(rng: np.random.Generator, cum: np.ndarray) -> np.ndarray:
    """Draw one index per row of a row-wise cumulative probability matrix (rows sum to 1)."""
    u = rng.random((cum.shape[0], 1))
    return np.minimum((u > cum).sum(axis=1), cum.shape[1] - 1)


def _pick(rng: np.random.Generator, values: Mapping[Any, float], n: int) -> np.ndarray:
    """``n`` draws of the keys of ``values``, with the values as (unnormalised) weights."""
    keys = list(values)
    weights = np.array([values[k] for k in keys], dtype=float)
    return np.array(keys)[rng.choice(len(keys), size=n, p=weights / weights.sum())]


def _truncated_normal(
    rng: np.random.Generator, mean: np.ndarray, sd: float, low: float, high: float
) -> np.ndarray:
    """Normal draws redrawn until they lie in [low, high] (no pile-up at the bounds)."""
    values = rng.normal(mean, sd)
    outside = np.flatnonzero((values < low) | (values > high))
    while outside.size:
        values[outside] = rng.normal(mean[outside], sd)
        outside = outside[(values[outside] < low) | (values[outside] > high)]
    return values


def _year_start(number: np.ndarray) -> np.ndarray:
    years = number.astype("datetime64[D]").astype("datetime64[Y]")
    return years.astype("datetime64[D]").astype(np.int64)


def _years_of(number: np.ndarray) -> np.ndarray:
    return number.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def _month_end(number: np.ndarray) -> np.ndarray:
    months = number.astype("datetime64[D]").astype("datetime64[M]") + 1
    return months.astype("datetime64[D]").astype(np.int64) - 1


# ---- organisation ------------------------------------------------------------------------


class Organisation:
    """The unit tree and, per workplace, its type, size weight and occupation mix."""

    def __init__(self, employees: int, rng: np.random.Generator):
        n_target = max(12, round(300 * (employees / 55_000) ** 0.75))
        verks = [(f, v) for f in cat.FORVALTNINGAR for v in f.verksamheter]
        share = np.array(
            [f.share * v.share / sum(w.share for w in f.verksamheter) for f, v in verks]
        )
        quota = n_target * share / share.sum()
        count = np.floor(quota).astype(int)
        order = np.argsort(-(quota - count), kind="stable")
        count[order[: n_target - count.sum()]] += 1
        for f in cat.FORVALTNINGAR:
            members = [i for i, (g, _v) in enumerate(verks) if g is f]
            if count[members].sum() == 0:
                count[members[0]] = 1
        rows: list[tuple[str, str, str | None, str]] = [
            (cat.REGION_ID, cat.REGION_NAME, None, "region")
        ]
        wp_ids: list[str] = []
        wp_names: list[str] = []
        wp_type: list[str] = []
        wp_forv: list[int] = []
        wp_verk: list[int] = []
        wp_weight: list[float] = []
        for fi, f in enumerate(cat.FORVALTNINGAR):
            rows.append((f.unit_id, f.name, cat.REGION_ID, "forvaltning"))
            places = iter(cat.PLACES * 4)
            for vi, (g, v) in enumerate(verks):
                if g is not f or count[vi] == 0:
                    continue
                rows.append((v.unit_id, v.name, f.unit_id, "verksamhet"))
                for k in range(1, count[vi] + 1):
                    name = v.workplace.format(
                        n=k, place=next(places) if "{place}" in v.workplace else ""
                    )
                    wp_ids.append(f"{v.unit_id}-{k}")
                    wp_names.append(name)
                    wp_type.append(v.type)
                    wp_forv.append(fi)
                    wp_verk.append(vi)
                    wp_weight.append(share[vi] / count[vi])
        weight = np.array(wp_weight) * rng.lognormal(0.0, 0.5, len(wp_weight))
        self.rows = rows + [
            (i, n, i.rsplit("-", 1)[0], "enhet") for i, n in zip(wp_ids, wp_names, strict=True)
        ]
        self.wp_ids = np.array(wp_ids)
        self.wp_type = np.array(wp_type)
        self.wp_forv = np.array(wp_forv)
        self.wp_verk = np.array(wp_verk)
        self.size = weight / weight.sum()
        self.n = len(wp_ids)
        # Occupation mix per workplace (managers excluded), perturbed per workplace.
        mix = np.zeros((self.n, N_OCC))
        for t, weights in cat.MIXES.items():
            rows_t = self.wp_type == t
            for key, w in weights.items():
                mix[rows_t, OCC_INDEX[key]] = w
        mix *= rng.lognormal(0.0, 0.35, mix.shape)
        self.mix = mix / mix.sum(axis=1, keepdims=True)
        self.round_the_clock = np.isin(self.wp_type, list(cat.ROUND_THE_CLOCK))
        self.first_of_verk = np.r_[True, self.wp_verk[1:] != self.wp_verk[:-1]]
        self.admin_like = np.isin(
            self.wp_type, ["adm", "kost", "lokal", "fast", "it", "steril", "lab"]
        )
        # P(workplace | occupation): where hires of an occupation go.
        joint = self.mix * self.size[:, None]
        self.wp_given_occ = np.cumsum(joint / np.maximum(joint.sum(axis=0), 1e-300), axis=0).T

    def draw_workplace(self, rng: np.random.Generator, occ: np.ndarray) -> np.ndarray:
        if occ.size == 0:
            return occ.copy()
        return _choice(rng, self.wp_given_occ[occ])


# ---- persons -----------------------------------------------------------------------------

RETIRE_AGES = np.arange(60, 70)
RETIRE_P = np.array([0.02, 0.03, 0.05, 0.09, 0.14, 0.40, 0.13, 0.07, 0.04, 0.03])
FULL_TREND = 0.006  # yearly rise in the share of hires contracted full time (heltid som norm)
PART_RATES = {50.0: 6, 60.0: 5, 70.0: 4, 75.0: 30, 80.0: 25, 85.0: 10, 90.0: 20}


class People:
    """Columns of persons, grown by ``add``; index = person number."""

    COLUMNS = (
        "birth",
        "female",
        "occ",
        "wp",
        "entry",
        "exit",
        "reason",
        "rate",
        "hours",
        "visstid",
        "visstid_end",
        "convert",
        "retire",
        "exposed",
    )

    def __init__(self) -> None:
        self.parts: dict[str, list[np.ndarray]] = {c: [] for c in self.COLUMNS}
        self.cols: dict[str, np.ndarray] = {}

    def add(self, **cols: np.ndarray) -> None:
        for c in self.COLUMNS:
            self.parts[c].append(np.asarray(cols[c]))
        self.cols = {c: np.concatenate(v) for c, v in self.parts.items()}
        self.parts = {c: [v] for c, v in self.cols.items()}

    def __getitem__(self, name: str) -> np.ndarray:
        return self.cols[name]

    def __len__(self) -> int:
        return len(self.cols.get("birth", ()))


def _new_persons(
    rng: np.random.Generator,
    org: Organisation,
    occ: np.ndarray,
    wp: np.ndarray,
    entry: np.ndarray,
    *,
    start: int,
    initial: bool,
) -> dict[str, np.ndarray]:
    """Attributes of persons of given occupations and workplaces entering on given days."""
    n = occ.size
    female = rng.random(n) < WOMEN[occ]
    if initial:
        age = _truncated_normal(rng, AGE[occ], 10.5, 20.0, 68.5)
        ref = np.full(n, start)
    else:
        age = _truncated_normal(rng, HIRE_AGE[occ], 7.0, 19.0, 63.0)
        ref = entry
    birth = (ref - age * 365.25).astype(np.int64)
    # Planned retirement: an age drawn above the age on the reference day, a few months after
    # the birthday, at a month's end.
    allowed = RETIRE_AGES[None, :] >= np.floor(age)[:, None] + (0 if initial else 2)
    p = RETIRE_P[None, :] * allowed
    none = p.sum(axis=1) == 0
    p[none, -1] = 1.0
    k = _choice(rng, np.cumsum(p / p.sum(axis=1, keepdims=True), axis=1))
    months = rng.uniform(0.0, 0.25, n)
    retire = _month_end(birth + ((RETIRE_AGES[k] + months) * 365.25).astype(np.int64))
    soon = ref + rng.integers(30, 365, n)
    retire = np.where(none | (retire <= ref), np.maximum(soon, retire), retire)
    # Contracted rate.
    year = _years_of(ref)
    p_full = FULL[occ] - 0.02 * female - 0.03 * (female & (age < 40))
    p_full = p_full + np.where(initial, -0.05, FULL_TREND * (year - 2019) - 0.045)
    full = rng.random(n) < np.clip(p_full, 0.3, 0.995)
    rate = np.where(full, 100.0, _pick(rng, PART_RATES, n).astype(float))
    rate[IS_MANAGER[occ]] = 100.0
    # Weekly hours: shift workers round the clock work 38.25 or 37 hours.
    shift = org.round_the_clock[wp] & SHIFT[occ]
    hours = np.where(shift, _pick(rng, {38.25: 72, 37.0: 12, 40.0: 16}, n).astype(float), 40.0)
    visstid = rng.random(n) < VISSTID[occ] * (0.5 if initial else 1.0)
    if initial:
        tenure = np.minimum(rng.exponential(11.0, n), np.maximum(age - 19.0, 0.1))
        entry = start - (tenure * 365.25).astype(np.int64) - 1
        entry = np.where(visstid, start - rng.integers(1, 300, n), entry)
        visstid_end = np.where(visstid, start + rng.integers(1, 330, n), NONE)
    else:
        visstid_end = np.where(visstid, entry + rng.integers(90, 366, n), NONE)
    convert = visstid & (rng.random(n) < 0.45)
    return {
        "birth": birth,
        "female": female,
        "occ": occ,
        "wp": wp,
        "entry": entry,
        "exit": np.full(n, NONE),
        "reason": np.zeros(n, np.int8),
        "rate": rate,
        "hours": hours,
        "visstid": visstid,
        "visstid_end": visstid_end,
        "convert": convert,
        "retire": retire,
        "exposed": entry - 1 if not initial else np.full(n, start - 1),
    }


def _initial_stock(rng: np.random.Generator, org: Organisation, employees: int, start: int):
    counts = rng.multinomial(employees, org.size)
    counts = np.maximum(counts, 3)
    wp = np.repeat(np.arange(org.n), counts)
    managers = np.maximum(1, np.round(counts / 25).astype(int))
    first = np.r_[0, np.cumsum(counts)[:-1]]
    rank = np.arange(wp.size) - first[wp]
    occ = _choice(rng, np.cumsum(org.mix[wp], axis=1))
    is_mgr = rank < managers[wp]
    chef = np.where(org.admin_like[wp], OCC_INDEX["achef"], OCC_INDEX["chef"])
    chef = np.where(org.first_of_verk[wp] & (rank == 0), OCC_INDEX["vchef"], chef)
    occ = np.where(is_mgr, chef, occ)
    return _new_persons(rng, org, occ, wp, np.zeros(wp.size, np.int64), start=start, initial=True)


def _hazards(age: np.ndarray, occ: np.ndarray, visstid: np.ndarray, year: int) -> np.ndarray:
    """Yearly rates of egen_begaran, arbetsgivare, dodsfall, ovrigt (columns) per person."""
    vol = np.select(
        [age < 25, age < 30, age < 40, age < 50, age < 60],
        [0.12, 0.085, 0.055, 0.038, 0.026],
        0.02,
    )
    vol = vol * np.where(SHORTAGE[occ], 1.1, 1.0) * np.where(visstid, 1.6, 1.0)
    vol = (
        vol
        * {2021: 1.0, 2022: 1.15, 2023: 1.08}.get(year, 1.0)
        * np.where(IS_MANAGER[occ], 0.8, 1.0)
    )
    employer = np.full(age.shape, 0.003)
    death = np.select([age < 50, age < 60], [0.0006, 0.0018], 0.0035)
    other = np.where(age < 55, 0.003, 0.007)
    return np.stack([vol, employer, death, other], axis=1)


def _simulate(
    rng: np.random.Generator, org: Organisation, employees: int, first: int, last: int
) -> People:
    """Exits and entries of monthly-paid staff, year by year (see the module docstring)."""
    start, end = day(first, 1, 1), day(last, 12, 31)
    people = People()
    people.add(**_initial_stock(rng, org, employees, start))
    stock_mix = np.bincount(people["occ"], minlength=N_OCC).astype(float)
    compensable = ~SHORTAGE & ~IS_MANAGER & (stock_mix > 0)
    comp_p = np.where(compensable, stock_mix, 0.0)
    comp_p /= comp_p.sum()
    for year in range(first, last + 1):
        hi = day(year, 12, 31)
        idx = np.flatnonzero((people["exit"] == NONE) & (people["entry"] <= hi))
        ws = np.maximum(people["exposed"][idx] + 1, people["entry"][idx])
        age = (ws - people["birth"][idx]) / 365.25
        occ = people["occ"][idx]
        rates = _hazards(age, occ, people["visstid"][idx], year)
        t = ws[:, None] + (rng.exponential(1.0, rates.shape) / rates * 365.25).astype(np.int64)
        retire = people["retire"][idx]
        vend = np.where(people["convert"][idx], NONE, people["visstid_end"][idx])
        times = np.column_stack([np.maximum(retire, ws), t[:, 0], t[:, 1], vend, t[:, 2], t[:, 3]])
        codes = np.array([PENSION, EGEN, ARBETSGIVARE, VISSTID_SLUT, DODSFALL, OVRIGT], np.int8)
        which = times.argmin(axis=1)
        when = times[np.arange(idx.size), which]
        leaves = when <= hi
        people["exit"][idx[leaves]] = when[leaves]
        people["reason"][idx[leaves]] = codes[which[leaves]]
        people["exposed"][idx] = hi
        # Replacement hires for this year's leavers.
        left = idx[leaves]
        l_occ = people["occ"][left]
        replace = rng.random(left.size) < FILL[l_occ]
        left, l_occ = left[replace], l_occ[replace]
        delay = np.where(
            IS_MANAGER[l_occ],
            rng.integers(14, 121, left.size),
            np.where(rng.random(left.size) < 0.2, 0, rng.gamma(2.0, 20.0, left.size).astype(int)),
        )
        entry = people["exit"][left] + 1 + delay
        same = (rng.random(left.size) < 0.85) | IS_MANAGER[l_occ]
        wp = np.where(same, people["wp"][left], org.draw_workplace(rng, l_occ))
        keep = entry <= end
        if keep.any():
            people.add(
                **_new_persons(
                    rng, org, l_occ[keep], wp[keep], entry[keep], start=start, initial=False
                )
            )
        # Top up the stock with non-shortage occupations.
        if year < last:
            active = (people["entry"] <= hi) & (people["exit"] > hi)
            pending = people["entry"] > hi
            deficit = round(employees * 1.012) - int(active.sum() + pending.sum())
            if deficit > 0:
                c_occ = rng.choice(N_OCC, size=deficit, p=comp_p)
                c_wp = org.draw_workplace(rng, c_occ)
                c_entry = hi + 1 + rng.integers(0, 181, deficit)
                people.add(
                    **_new_persons(rng, org, c_occ, c_wp, c_entry, start=start, initial=False)
                )
    return people


# ---- employment rows ---------------------------------------------------------------------


class Rows:
    """Employment rows as columns (person numbers, workplace and occupation indices, days)."""

    def __init__(self, **cols: np.ndarray):
        self.cols = cols

    def __getitem__(self, name: str) -> np.ndarray:
        return self.cols[name]

    @staticmethod
    def concat(parts: list[Rows]) -> Rows:
        return Rows(**{k: np.concatenate([p[k] for p in parts]) for k in parts[0].cols})

    def take(self, index: np.ndarray) -> Rows:
        return Rows(**{k: v[index] for k, v in self.cols.items()})

    def __len__(self) -> int:
        return len(self.cols["person"])


def _forward_fill(values: np.ndarray, given: np.ndarray) -> np.ndarray:
    """Carry the last given value forward (the first row of every person is always given)."""
    pos = np.where(given, np.arange(values.size), 0)
    return values[np.maximum.accumulate(pos)]


def _main_rows(
    rng: np.random.Generator, org: Organisation, people: People, start: int, end: int
) -> Rows:
    """Rows of the main monthly-paid employment: split at moves, rate raises, conversions."""
    n = len(people)
    entry, exit_ = people["entry"], people["exit"]
    lo = np.maximum(entry, start) + 1
    hi = np.minimum(exit_, end)
    span = np.maximum(hi - lo, 0)
    years = span / 365.25
    ev_person: list[np.ndarray] = []
    ev_day: list[np.ndarray] = []
    ev_wp: list[np.ndarray] = []
    ev_rate: list[np.ndarray] = []
    ev_form: list[np.ndarray] = []
    # Moves to another workplace of the same förvaltning (not managers).
    k = rng.poisson(0.035 * years * ~IS_MANAGER[people["occ"]])
    p = np.repeat(np.arange(n), k)
    d = lo[p] + (rng.random(p.size) * span[p]).astype(np.int64)
    new_wp = org.draw_workplace(rng, people["occ"][p])
    same_f = org.wp_forv[new_wp] == org.wp_forv[people["wp"][p]]
    moved = same_f & (new_wp != people["wp"][p])
    ev_person.append(p[moved])
    ev_day.append(d[moved])
    ev_wp.append(new_wp[moved])
    ev_rate.append(np.full(moved.sum(), np.nan))
    ev_form.append(np.full(moved.sum(), -1))
    # Rate raises of part-timers (mostly to full time) and a few reductions.
    part = people["rate"] < 100
    k = rng.poisson(np.where(part, 0.045, 0.006) * years)
    p = np.repeat(np.arange(n), k)
    d = lo[p] + (rng.random(p.size) * span[p]).astype(np.int64)
    new_rate = np.where(
        part[p],
        np.where(rng.random(p.size) < 0.6, 100.0, _pick(rng, PART_RATES, p.size).astype(float)),
        _pick(rng, {75.0: 4, 80.0: 3, 90.0: 3}, p.size).astype(float),
    )
    ev_person.append(p)
    ev_day.append(d)
    ev_wp.append(np.full(p.size, -1))
    ev_rate.append(new_rate)
    ev_form.append(np.full(p.size, -1))
    # Conversion of fixed-term to permanent the day after the fixed term.
    conv = np.flatnonzero(
        people["convert"] & (people["visstid_end"] < hi) & (people["visstid_end"] >= entry)
    )
    ev_person.append(conv)
    ev_day.append(people["visstid_end"][conv] + 1)
    ev_wp.append(np.full(conv.size, -1))
    ev_rate.append(np.full(conv.size, np.nan))
    ev_form.append(np.zeros(conv.size, int))
    # The entry rows.
    all_p = np.arange(n)
    person = np.concatenate([all_p, *ev_person])
    days = np.concatenate([entry, *ev_day])
    wp = np.concatenate([people["wp"], *ev_wp])
    rate = np.concatenate([people["rate"], *ev_rate])
    form = np.concatenate([people["visstid"].astype(int), *ev_form])
    is_entry = np.r_[np.ones(n, bool), np.zeros(person.size - n, bool)]
    valid = is_entry | ((days > entry[person]) & (days <= np.minimum(exit_[person], end)))
    person, days, wp, rate, form, is_entry = (
        a[valid] for a in (person, days, wp, rate, form, is_entry)
    )
    order = np.lexsort((~is_entry, days, person))
    person, days, wp, rate, form, is_entry = (
        a[order] for a in (person, days, wp, rate, form, is_entry)
    )
    dup = np.r_[(person[1:] == person[:-1]) & (days[1:] == days[:-1]), False]
    keep = ~dup
    person, days, wp, rate, form = (a[keep] for a in (person, days, wp, rate, form))
    wp = _forward_fill(wp, wp >= 0)
    rate = _forward_fill(rate, ~np.isnan(rate))
    form = _forward_fill(form, form >= 0)
    last = np.r_[person[1:] != person[:-1], True]
    row_end = np.where(last, exit_[person], np.r_[days[1:], 0] - 1)
    reason = np.where(last, people["reason"][person], 0).astype(np.int8)
    occ = people["occ"][person]
    return Rows(
        person=person,
        wp=wp,
        occ=occ,
        start=days,
        end=row_end,
        rate=rate,
        hourly=np.zeros(person.size, bool),
        visstid=form.astype(bool),
        manager=IS_MANAGER[occ],
        hours=people["hours"][person],
        reason=reason,
    )


def _secondary_rows(
    rng: np.random.Generator, org: Organisation, people: People, start: int, end: int
) -> Rows:
    """Concurrent second employments: hourly shifts elsewhere, and kombinationstjänster."""
    n = len(people)
    lo = np.maximum(people["entry"], start)
    hi = np.minimum(people["exit"], end) - 31
    room = hi - lo
    occ = people["occ"]
    # Hourly-paid extra shifts in another workplace.
    extra = np.flatnonzero((rng.random(n) < 0.03) & (room > 90) & ~IS_MANAGER[occ])
    # A second monthly-paid employment for part-timers.
    combo = np.flatnonzero(
        (rng.random(n) < 0.02 / 0.45) & (people["rate"] <= 80) & (room > 200) & ~IS_MANAGER[occ]
    )
    person = np.concatenate([extra, combo])
    hourly = np.r_[np.ones(extra.size, bool), np.zeros(combo.size, bool)]
    length = np.where(
        hourly, rng.integers(60, 540, person.size), rng.integers(180, 1100, person.size)
    )
    length = np.minimum(length, room[person] - 1)
    s = lo[person] + (rng.random(person.size) * (room[person] - length)).astype(np.int64)
    e = s + length
    wp = org.draw_workplace(rng, occ[person])
    wp = np.where(wp == people["wp"][person], (wp + 1) % org.n, wp)
    rate = np.where(hourly, np.nan, np.minimum(100 - people["rate"][person], 25.0))
    ends_inside = e < end
    return Rows(
        person=person,
        wp=wp,
        occ=occ[person],
        start=s,
        end=np.where(ends_inside, e, NONE),
        rate=rate,
        hourly=hourly,
        visstid=np.ones(person.size, bool),
        manager=np.zeros(person.size, bool),
        hours=np.full(person.size, 40.0),
        reason=np.where(ends_inside, VISSTID_SLUT, 0).astype(np.int8),
    )


def _hourly_pool(
    rng: np.random.Generator, org: Organisation, employees: int, start: int, end: int, base: int
) -> tuple[dict[str, np.ndarray], Rows]:
    """Hourly-paid (timavlönade) persons and their employment spells."""
    mean_len = 150.0
    spells_per_person = 1.6
    total = 0.06 * employees * (end - start + 1) / mean_len
    n = max(3, round(total / spells_per_person))
    k = 1 + rng.binomial(2, 0.3, n)
    group = rng.choice(3, size=n, p=[0.6, 0.25, 0.15])  # students, others, pensioners
    age = np.select(
        [group == 0, group == 1],
        [rng.uniform(19, 28, n), rng.uniform(28, 60, n)],
        rng.uniform(65.5, 72, n),
    )
    keys = list(cat.HOURLY_MIX)
    w = np.array([cat.HOURLY_MIX[x] for x in keys], float)
    occ = np.array([OCC_INDEX[x] for x in keys])[rng.choice(len(keys), n, p=w / w.sum())]
    female = rng.random(n) < WOMEN[occ]
    first = start - 200 + (rng.random(n) * (end - start + 200)).astype(np.int64)
    birth = (first - age * 365.25).astype(np.int64)
    person = np.repeat(np.arange(n), k)
    lengths = np.clip(rng.lognormal(np.log(90), 0.9, person.size), 7, 800).astype(np.int64)
    gaps = rng.integers(30, 400, person.size)
    step = lengths + gaps
    done = np.cumsum(step) - step  # sum of the earlier steps, over all persons
    group_start = np.cumsum(k) - k
    s = first[person] + done - np.repeat(done[group_start], k)
    e = s + lengths - 1
    keep = (s <= end) & (e >= start)
    person, s, e = person[keep], s[keep], e[keep]
    wp = org.draw_workplace(rng, occ[person])
    ends_inside = e < end
    persons = {"birth": birth, "female": female, "occ": occ}
    rows = Rows(
        person=person + base,
        wp=wp,
        occ=occ[person],
        start=s,
        end=np.where(ends_inside, e, NONE),
        rate=np.full(person.size, np.nan),
        hourly=np.ones(person.size, bool),
        visstid=np.ones(person.size, bool),
        manager=np.zeros(person.size, bool),
        hours=np.full(person.size, 40.0),
        reason=np.where(ends_inside, VISSTID_SLUT, 0).astype(np.int8),
    )
    return persons, rows


# ---- personnummer --------------------------------------------------------------------------


def luhn_digit(digits: np.ndarray) -> np.ndarray:
    """The Luhn check digit of rows of nine digits (weights 2, 1, 2, …)."""
    weights = np.array([2, 1, 2, 1, 2, 1, 2, 1, 2])
    products = digits * weights
    total = (products // 10 + products % 10).sum(axis=1)
    return (10 - total % 10) % 10


def personnummer(rng: np.random.Generator, birth: np.ndarray, female: np.ndarray) -> np.ndarray:
    """Unique, valid 12-digit personnummer ``YYYYMMDD-NNNC`` for the given births and genders."""
    n = birth.size
    # 100 × 5 serials per birth date and gender (the third digit carries the gender).
    crowded = np.unique(birth * 2 + female, return_counts=True)[1].max(initial=0)
    if crowded > 450:
        raise ValueError(f"{crowded} persons share a birth date and gender: too many for serials")
    serial = np.zeros(n, np.int64)
    todo = np.arange(n)
    while todo.size:
        head = rng.integers(0, 100, todo.size)
        g = 2 * rng.integers(0, 5, todo.size) + np.where(female[todo], 0, 1)
        s = head * 10 + g
        s = np.where(s == 0, 20, s)
        serial[todo] = s
        key = birth * 1000 + serial
        first = np.unique(key, return_index=True)[1]
        dup_mask = np.ones(n, bool)
        dup_mask[first] = False
        todo = np.flatnonzero(dup_mask)
    ymd = np.char.replace(birth.astype("datetime64[D]").astype(str), "-", "")
    yymmdd = np.array([x[2:] for x in ymd.tolist()], dtype=np.int64)
    nine = yymmdd * 1000 + serial
    digits = (nine[:, None] // 10 ** np.arange(8, -1, -1)) % 10
    check = luhn_digit(digits)
    tail = serial * 10 + check
    return np.array(
        [f"{a}-{b:04d}" for a, b in zip(ymd.tolist(), tail.tolist(), strict=True)], dtype=object
    )


# ---- absences ----------------------------------------------------------------------------


def _season(start: int, end: int, kind: str) -> np.ndarray:
    """Daily relative intensity of sick episodes: winter peak, July trough, pandemic waves."""
    days = np.arange(start, end + 1)
    dt64 = days.astype("datetime64[D]")
    month = dt64.astype("datetime64[M]").astype(int) % 12
    year = dt64.astype("datetime64[Y]").astype(int) + 1970
    if kind == "short":
        m = np.array([1.35, 1.35, 1.15, 1.0, 0.9, 0.8, 0.55, 0.75, 0.95, 1.05, 1.1, 1.15])
    else:
        m = np.array([1.15, 1.15, 1.1, 1.0, 0.95, 0.9, 0.8, 0.9, 1.0, 1.0, 1.0, 1.0])
    s = m[month]
    year_factor = {2017: 1.04, 2018: 1.05, 2019: 0.98, 2020: 1.0, 2021: 1.0, 2022: 1.05}
    s = s * np.vectorize(lambda y: year_factor.get(int(y), 0.98))(year)
    if kind == "short":
        # Pandemic waves (day offsets from 1 Jan 2020): spring 2020, winter 2020–21,
        # December 2021 and the omicron winter 2022, and a generally raised level meanwhile.
        t = days - day(2020, 1, 1)
        waves = [(85, 30, 1.3), (330, 40, 0.7), (400, 25, 0.5), (710, 20, 0.6), (750, 30, 1.3)]
        bump = sum(h * np.exp(-0.5 * ((t - c) / w) ** 2) for c, w, h in waves)
        raised = ((t >= 70) & (t < 800)) * 0.22
        s = s * (1.0 + bump + raised)
    return s


def _episodes(
    rng: np.random.Generator,
    person: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    rate: np.ndarray,
    cum: np.ndarray,
    start: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Poisson episode starts over windows ``[lo, hi]`` with yearly ``rate`` × intensity.

    ``cum`` is the cumulative intensity (per year) from ``start`` with a leading 0: a
    unit-rate process in that time is mapped back to calendar days (a time change).
    """
    a = cum[lo - start]
    b = cum[hi - start + 1]
    n = rng.poisson(rate * (b - a))
    idx = np.repeat(np.arange(person.size), n)
    u = a[idx] + rng.random(idx.size) * (b - a)[idx]
    d = start + np.searchsorted(cum, u, side="left") - 1
    return person[idx], np.clip(d, lo[idx], hi[idx])


SHORT_DAYS = np.arange(1, 15)
SHORT_P = np.array([14, 16, 15, 12, 10, 7, 8, 5, 3, 3, 2, 2, 1.5, 1.5], float)


def _sick(
    rng: np.random.Generator,
    org: Organisation,
    people: People,
    pool_rows: Rows,
    pool: dict[str, np.ndarray],
    start: int,
    end: int,
    wp_effect: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Sick periods (person, start, end, extent), never overlapping within a person."""
    n = len(people)
    lo = np.maximum(people["entry"], start)
    hi = np.minimum(people["exit"], end)
    ok = lo <= hi
    w_person = np.concatenate([np.flatnonzero(ok), pool_rows["person"]])
    w_lo = np.concatenate([lo[ok], np.maximum(pool_rows["start"], start)])
    w_hi = np.concatenate([hi[ok], np.minimum(pool_rows["end"], end)])
    female = np.concatenate([people["female"], pool["female"]])
    occ = np.concatenate([people["occ"], pool["occ"]])
    birth = np.concatenate([people["birth"], pool["birth"]])
    wp = np.concatenate([people["wp"], np.zeros(pool["occ"].size, int)])
    pool_factor = np.r_[np.ones(n), np.full(pool["occ"].size, 0.35)]
    pool_wp = np.r_[np.zeros(n, bool), np.ones(pool["occ"].size, bool)]
    total = female.size
    age = (day(2021, 7, 1) - birth) / 365.25
    base = SICK[occ] * np.where(female, 1.0, 0.62) * pool_factor
    base = base * np.where(pool_wp, 1.0, wp_effect[wp])
    frail_short = rng.gamma(2.0, 0.5, total)
    frail_long = rng.gamma(0.7, 1 / 0.7, total)
    m_short = base * frail_short * np.clip(1.25 - 0.01 * (age - 25), 0.8, 1.3)
    m_long = base * frail_long * np.clip(0.6 + 0.015 * (age - 25), 0.6, 1.3)
    p, lo_, hi_ = w_person, w_lo, w_hi
    cum_s = np.r_[0.0, np.cumsum(_season(start, end, "short")) / 365.25]
    cum_l = np.r_[0.0, np.cumsum(_season(start, end, "long")) / 365.25]
    parts = []
    for kind, rate, cum in (
        ("short", SICK_RATES["short"] * m_short[p], cum_s),
        ("medium", SICK_RATES["medium"] * m_long[p], cum_l),
        ("long", SICK_RATES["long"] * m_long[p], cum_l),
    ):
        ep, es = _episodes(rng, p, lo_, hi_, rate, cum, start)
        m = ep.size
        if kind == "short":
            length = SHORT_DAYS[rng.choice(14, m, p=SHORT_P / SHORT_P.sum())]
        elif kind == "medium":
            length = np.minimum(15 + rng.exponential(11.0, m).astype(np.int64), 59)
        else:
            length = np.minimum(60 + rng.lognormal(np.log(75), 0.95, m).astype(np.int64), 900)
        parts.append((ep, es, length, np.full(m, {"short": 0, "medium": 1, "long": 2}[kind])))
    ep = np.concatenate([x[0] for x in parts])
    es = np.concatenate([x[1] for x in parts])
    length = np.concatenate([x[2] for x in parts])
    kinds = np.concatenate([x[3] for x in parts])
    # Relapses: a short episode 2–6 days after the end of 12 % of short and medium ones.
    rel = np.flatnonzero((kinds < 2) & (rng.random(ep.size) < 0.12))
    r_start = es[rel] + length[rel] - 1 + rng.integers(2, 7, rel.size)
    r_len = SHORT_DAYS[rng.choice(14, rel.size, p=SHORT_P / SHORT_P.sum())]
    ep = np.r_[ep, ep[rel]]
    es = np.r_[es, r_start]
    length = np.r_[length, r_len]
    kinds = np.r_[kinds, np.zeros(rel.size, int)]
    ee = es + length - 1
    # Drop episodes that start within an earlier one of the same person; clip to the window.
    order = np.lexsort((ee, es, ep))
    ep, es, ee, kinds = ep[order], es[order], ee[order], kinds[order]
    offset = np.int64(1) << 20
    key_end = ep.astype(np.int64) * offset + ee
    run = np.maximum.accumulate(key_end)
    prev = np.r_[np.int64(-1), run[:-1]]
    keep = ep.astype(np.int64) * offset + es > prev
    ep, es, ee, kinds = ep[keep], es[keep], ee[keep], kinds[keep]
    # Clip to the end of the person's window that holds the start.
    win_order = np.lexsort((w_lo, w_person))
    wkey = w_person[win_order].astype(np.int64) * offset + w_lo[win_order]
    pos = np.searchsorted(wkey, ep.astype(np.int64) * offset + es, side="right") - 1
    window_hi = w_hi[win_order][pos]
    # An episode that starts outside every window of its person (between employments) goes.
    within = (pos >= 0) & (w_person[win_order][pos] == ep) & (es <= window_hi)
    ep, es, kinds, ee = ep[within], es[within], kinds[within], np.minimum(ee, window_hi)[within]
    # Extents: long episodes step down in up to three consecutive periods.
    m = ep.size
    ext = np.where(
        kinds == 0,
        np.where(rng.random(m) < 0.96, 100.0, 50.0),
        _pick(rng, {100.0: 80, 50.0: 12, 75.0: 8}, m).astype(float),
    )
    long_ = np.flatnonzero((kinds == 2) & (ee - es >= 40))
    split1 = es[long_] + ((ee - es)[long_] * rng.uniform(0.3, 0.6, long_.size)).astype(np.int64)
    step1 = rng.random(long_.size) < 0.55
    split2 = split1 + ((ee[long_] - split1) * rng.uniform(0.3, 0.7, long_.size)).astype(np.int64)
    step2 = step1 & (rng.random(long_.size) < 0.4) & (split2 > split1 + 1) & (split2 < ee[long_])
    e1 = np.where(step1, split1, ee[long_])
    ext2 = _pick(rng, {75.0: 3, 50.0: 5, 25.0: 2}, long_.size).astype(float)
    ext3 = np.minimum(ext2, _pick(rng, {50.0: 4, 25.0: 6}, long_.size).astype(float))
    e2 = np.where(step2, split2, ee[long_])
    ee_main = ee.copy()
    ee_main[long_] = e1
    ext[long_] = np.where(rng.random(long_.size) < 0.85, 100.0, 75.0)
    s2 = long_[step1]
    s3 = long_[step2]
    person = np.concatenate([ep, ep[s2], ep[s3]])
    start_ = np.concatenate([es, e1[step1] + 1, e2[step2] + 1])
    end_ = np.concatenate([ee_main, e2[step1], ee[s3]])
    extent = np.concatenate([ext, ext2[step1], ext3[step2]])
    return person, start_, end_, extent


SICK_RATES = {"short": 1.68, "medium": 0.22, "long": 0.098}
PARTIAL_LEAVE = {"K": 0.27, "M": 0.14}


def _leave(
    rng: np.random.Generator, people: People, start: int, end: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Föräldraledig and tjänstledig periods (person, start, end, type, extent)."""
    n = len(people)
    female = people["female"]
    lo = np.maximum(people["entry"], start)
    hi = np.minimum(people["exit"], end)
    flat = np.r_[0.0, np.cumsum(np.ones(end - start + 1)) / 365.25]
    out: list[tuple[np.ndarray, ...]] = []
    # Parental leave while aged 25–42.
    a_lo = np.maximum(lo, people["birth"] + int(25 * 365.25))
    a_hi = np.minimum(hi, people["birth"] + int(42 * 365.25))
    ok = a_lo <= a_hi
    idx = np.flatnonzero(ok)
    rate = np.where(female[idx], 0.13, 0.11)
    p, s = _episodes(rng, idx, a_lo[idx], a_hi[idx], rate, flat, start)
    f = female[p]
    full_len = np.where(f, rng.integers(180, 420, p.size), rng.integers(30, 150, p.size))
    has_full = f | (rng.random(p.size) < 0.7)
    part_len = np.where(f, rng.integers(180, 720, p.size), rng.integers(90, 540, p.size))
    has_part = rng.random(p.size) < np.where(f, 0.6, 0.45)
    part_ext = np.where(
        f,
        _pick(rng, {25.0: 45, 20.0: 20, 50.0: 20, 10.0: 15}, p.size).astype(float),
        _pick(rng, {20.0: 40, 25.0: 30, 50.0: 30}, p.size).astype(float),
    )
    e_full = s + full_len - 1
    ps = np.where(has_full, e_full + 1, s)
    out.append(
        (
            p[has_full],
            s[has_full],
            e_full[has_full],
            np.zeros(has_full.sum(), int),
            np.full(has_full.sum(), 100.0),
        )
    )
    out.append(
        (
            p[has_part],
            ps[has_part],
            (ps + part_len - 1)[has_part],
            np.zeros(has_part.sum(), int),
            part_ext[has_part],
        )
    )
    # Partial tjänstledighet for persons contracted full time: renewed yearly for years.
    prob = np.where(female, PARTIAL_LEAVE["K"], PARTIAL_LEAVE["M"])
    cand = np.flatnonzero((people["rate"] >= 100) & (rng.random(n) < prob) & (lo < hi))
    # Stationary start: the leave may already be running when the window opens.
    dur = (rng.exponential(4.0, cand.size) * 365.25).astype(np.int64) + 180
    s0 = lo[cand] - (rng.random(cand.size) * dur).astype(np.int64)
    s0 = np.where(people["entry"][cand] >= start, lo[cand] + rng.integers(0, 365, cand.size), s0)
    s0 = s0 + ((hi[cand] - s0) * rng.random(cand.size) * 0.3).astype(np.int64)
    e0 = np.minimum(s0 + dur, hi[cand])
    ext = _pick(rng, {10.0: 20, 20.0: 25, 25.0: 35, 50.0: 20}, cand.size).astype(float)
    chunks = 12
    lens = rng.integers(180, 366, (cand.size, chunks))
    cs = s0[:, None] + np.c_[np.zeros(cand.size, np.int64), np.cumsum(lens, axis=1)[:, :-1]]
    ce = np.minimum(cs + lens - 1, e0[:, None])
    use = (cs <= ce) & (ce >= lo[cand][:, None]) & (cs <= hi[cand][:, None])
    cp = np.repeat(cand, chunks).reshape(cand.size, chunks)
    out.append(
        (
            cp[use],
            np.maximum(cs[use], lo[cand][:, None].repeat(chunks, 1)[use]),
            ce[use],
            np.ones(use.sum(), int),
            np.repeat(ext, chunks).reshape(cand.size, chunks)[use],
        )
    )
    # Full tjänstledighet (studies, a trial elsewhere).
    ok = lo <= hi
    idx = np.flatnonzero(ok)
    p, s = _episodes(rng, idx, lo[idx], hi[idx], np.full(idx.size, 0.02), flat, start)
    e = s + rng.integers(90, 366, p.size) - 1
    out.append((p, s, e, np.ones(p.size, int), np.full(p.size, 100.0)))
    person = np.concatenate([o[0] for o in out])
    s = np.concatenate([o[1] for o in out])
    e = np.minimum(np.concatenate([o[2] for o in out]), hi[person])
    typ = np.concatenate([o[3] for o in out])
    extent = np.concatenate([o[4] for o in out])
    keep = s <= e
    return person[keep], s[keep], e[keep], typ[keep], extent[keep]


def _semester(
    rng: np.random.Generator,
    people: People,
    first: int,
    last: int,
    sick: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Four summer weeks for some persons, left out where they would meet a sick period."""
    n = len(people)
    years = np.arange(first, last + 1)
    p = np.repeat(np.arange(n), years.size)
    y = np.tile(years, n)
    pick = rng.random(p.size) < 0.25
    p, y = p[pick], y[pick]
    s = np.array([day(int(v), 6, 20) for v in years])[y - first] + rng.integers(0, 31, p.size)
    e = s + rng.choice([20, 27], p.size)
    inside = (s >= people["entry"][p]) & (e <= people["exit"][p])
    p, s, e = p[inside], s[inside], e[inside]
    sp, ss, se = sick
    offset = np.int64(1) << 20
    order = np.lexsort((ss, sp))
    keys = sp[order].astype(np.int64) * offset + ss[order]
    pos = np.searchsorted(keys, p.astype(np.int64) * offset + e, side="right") - 1
    cand_ok = pos >= 0
    same = cand_ok & (sp[order][np.maximum(pos, 0)] == p)
    clash = same & (se[order][np.maximum(pos, 0)] >= s)
    return p[~clash], s[~clash], e[~clash]


# ---- surveys, staffing, sam, salaries ------------------------------------------------------

HME_TARGET = {  # 2021 question-group index for (medarbetare, chefer), programme Nuläge
    "motivation": (77.8, 85.9),
    "leadership": (79.1, 86.0),
    "governance": (74.7, 83.0),
}
QUESTIONS = (
    ("HME1", "motivation", 3.0),
    ("HME2", "motivation", -1.0),
    ("HME3", "motivation", -2.0),
    ("HME4", "leadership", -1.5),
    ("HME5", "leadership", 2.5),
    ("HME6", "leadership", -1.0),
    ("HME7", "governance", -1.0),
    ("HME8", "governance", -3.5),
    ("HME9", "governance", 4.5),
)
OTHER_QUESTIONS = {  # 2021 index (medarbetare, chefer)
    "DELAKTIGHET": (75.6, 82.0),
    "TYDLIGA_MAL": (77.7, 83.0),
    "ARBETSBELASTNING": (58.0, 52.0),
    "CHEF_FORUTSATTNINGAR": (None, 68.0),
}


def active_main(rows: Rows, on: int) -> tuple[np.ndarray, np.ndarray]:
    """Per person with an active monthly-paid row on a day: (person, row of highest rate)."""
    act = np.flatnonzero(~rows["hourly"] & (rows["start"] <= on) & (rows["end"] >= on))
    order = np.lexsort((act, -rows["rate"][act], rows["person"][act]))
    act = act[order]
    persons = rows["person"][act]
    first = np.r_[True, persons[1:] != persons[:-1]]
    return persons[first], act[first]


def _surveys(
    rng: np.random.Generator,
    org: Organisation,
    rows: Rows,
    female: np.ndarray,
    first: int,
    last: int,
) -> pa.Table:
    n_q = len(QUESTIONS) + len(OTHER_QUESTIONS)
    wp_eff = {
        d: rng.normal(0.0, sd, org.n)
        for d, sd in (("motivation", 5.0), ("leadership", 7.0), ("governance", 6.0), ("other", 6.0))
    }
    tables = []
    for year in range(first, last + 1):
        if year % 2 == 0:
            continue
        persons, row = active_main(rows, day(year, 10, 1))
        wp_rate = np.clip(rng.normal(0.75, 0.08, org.n), 0.45, 0.95)
        answered = rng.random(persons.size) < wp_rate[rows["wp"][row]]
        persons, row = persons[answered], row[answered]
        m = persons.size
        wp = rows["wp"][row]
        mgr = rows["manager"][row]
        resp = rng.normal(0.0, 12.0, m)
        drift = 0.5 * (year - 2021)
        codes: list[str] = []
        cols: list[np.ndarray] = []
        masks: list[np.ndarray] = []
        specs = [(q, d, off) for q, d, off in QUESTIONS] + [
            (q, "other", 0.0) for q in OTHER_QUESTIONS
        ]
        for q, domain, off in specs:
            if domain == "other":
                t_emp, t_mgr = OTHER_QUESTIONS[q]
                asked = mgr.copy() if t_emp is None else np.ones(m, bool)
                if q == "CHEF_FORUTSATTNINGAR" and year < 2023:
                    asked[:] = False
                target = np.where(mgr, t_mgr, t_emp if t_emp is not None else 0.0)
            else:
                t_emp, t_mgr = HME_TARGET[domain]
                target = np.where(mgr, t_mgr, t_emp) + off
                asked = np.ones(m, bool)
            target = target + (0.0 if q == "ARBETSBELASTNING" else drift)
            raw = resp + wp_eff[domain][wp] + rng.normal(0.0, 2.0, org.n)[wp]
            p = np.zeros(m)
            for role in (False, True):
                sel = mgr == role
                if not sel.any():
                    continue
                tgt = float(target[sel][0])
                shift = 0.0
                for _ in range(6):
                    cur = np.clip((tgt + shift + raw[sel]) / 100, 0.02, 0.98).mean() * 100
                    shift += tgt - cur
                p[sel] = np.clip((tgt + shift + raw[sel]) / 100, 0.02, 0.98)
            ans = 1 + rng.binomial(4, p)
            skipped = rng.random(m) < 0.025
            codes.append(q)
            cols.append(np.where(skipped, 0, ans))
            masks.append(asked)
        perm = rng.permutation(m)
        resp_key = np.array([f"MU{year}-{k:05d}" for k in (perm + 1).tolist()], dtype=object)
        gender = np.where(female[persons], "K", "M").astype(object)
        gender[rng.random(m) < 0.03] = None
        ans_mat = np.column_stack(cols)
        ask_mat = np.column_stack(masks)
        order = np.argsort(perm, kind="stable")
        r_idx = np.repeat(order, n_q)
        q_idx = np.tile(np.arange(n_q), m)
        sel = ask_mat[r_idx, q_idx]
        r_idx, q_idx = r_idx[sel], q_idx[sel]
        a = ans_mat[r_idx, q_idx]
        tables.append(
            pa.table(
                {
                    "survey": pa.array(np.full(r_idx.size, f"MU{year}", dtype=object)),
                    "year": pa.array(np.full(r_idx.size, year, np.int32)),
                    "respondent": pa.array(resp_key).take(pa.array(r_idx)),
                    "unit_id": pa.array(org.wp_ids[wp[r_idx]].astype(object)),
                    "manager": pa.array(mgr[r_idx].astype(np.int8)),
                    "gender": pa.array(gender).take(pa.array(r_idx)),
                    "question": pa.array(np.array(codes, dtype=object)).take(pa.array(q_idx)),
                    "answer": pa.array(a.astype(np.int8), mask=a == 0),
                }
            )
        )
    return pa.concat_tables(tables)


def salary_index(year: np.ndarray) -> np.ndarray:
    """Yearly salary level relative to 2021 (revision on 1 April)."""
    table = {
        2015: 0.875,
        2016: 0.895,
        2017: 0.918,
        2018: 0.942,
        2019: 0.966,
        2020: 0.985,
        2021: 1.0,
        2022: 1.025,
        2023: 1.068,
        2024: 1.108,
        2025: 1.142,
    }
    y = np.clip(year, 2015, 2025)
    base = np.vectorize(table.__getitem__)(y) if y.size else np.zeros(0)
    return base * 1.03 ** np.maximum(year - 2025, 0)


def _salaries(
    rng: np.random.Generator,
    rows: Rows,
    birth: np.ndarray,
    female: np.ndarray,
    occ_of: np.ndarray,
    first: int,
    last: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = birth.size
    factor = rng.lognormal(0.0, 0.06, n)
    p_list = []
    d_list = []
    for revision_year in range(first, last + 1):
        on = day(revision_year, 4, 1)
        act = (rows["start"] <= on) & (rows["end"] >= on)
        p_list.append(np.unique(rows["person"][act]))
        d_list.append(np.full(p_list[-1].size, on))
    inside = (rows["start"] >= day(first, 1, 1)) & (rows["start"] <= day(last, 12, 31))
    p_list.append(rows["person"][inside])
    d_list.append(rows["start"][inside])
    person = np.concatenate(p_list)
    date = np.concatenate(d_list)
    key = np.unique(person.astype(np.int64) * (1 << 20) + date)
    person = (key >> 20).astype(np.int64)
    date = np.asarray(key & ((1 << 20) - 1))
    year = _years_of(date)
    april = (year - 1970).astype("datetime64[Y]").astype("datetime64[M]") + 3
    rev_year = np.where(date >= april.astype("datetime64[D]").astype(np.int64), year, year - 1)
    age = (date - birth[person]) / 365.25
    occ = occ_of[person]
    exp = np.clip(1 + 0.006 * (age - 40), 0.88, 1.12)
    sal = (
        SALARY[occ]
        * salary_index(rev_year)
        * factor[person]
        * exp
        * np.where(female[person], 0.975, 1.0)
    )
    return person, date, np.round(sal / 100) * 100


def _staffing(
    rng: np.random.Generator,
    org: Organisation,
    rows: Rows,
    occ_of: np.ndarray,
    first: int,
    last: int,
) -> pa.Table:
    from .calendar import working_day_mask

    start, end = day(first, 1, 1), day(last, 12, 31)
    n_days = end - start + 1
    hpd = np.where(rows["hourly"], 8 * 0.45, rows["hours"] / 5 * np.nan_to_num(rows["rate"]) / 100)
    s = np.clip(rows["start"], start, end + 1) - start
    e = np.clip(rows["end"], start - 1, end) - start + 1
    ok = s < e
    diff = np.zeros(org.n * (n_days + 1))
    np.add.at(diff, rows["wp"][ok] * (n_days + 1) + s[ok], hpd[ok])
    np.add.at(diff, rows["wp"][ok] * (n_days + 1) + e[ok], -hpd[ok])
    daily = np.cumsum(diff.reshape(org.n, n_days + 1)[:, :-1], axis=1)
    daily *= working_day_mask(start, end)[None, :]
    months = np.arange(np.datetime64(f"{first}-01"), np.datetime64(f"{last + 1}-01"))
    bounds = (months.astype("datetime64[D]").astype(np.int64) - start).astype(np.intp)
    own = np.add.reduceat(daily, bounds, axis=1) * 0.8
    n_m = months.size
    m_year = months.astype("datetime64[Y]").astype(int) + 1970
    m_month = months.astype(int) % 12
    # Hired staff: a minority of workplaces, by type.
    share_hiring = np.array([cat.HIRED.get(t, (0.05, 0.02))[0] for t in org.wp_type])
    mean_share = np.array([cat.HIRED.get(t, (0.05, 0.02))[1] for t in org.wp_type])
    hires = rng.random(org.n) < share_hiring
    level = np.where(hires, mean_share * rng.lognormal(-0.3, 0.7, org.n), 0.0)
    season = np.array([1.0, 1.0, 0.9, 0.9, 1.0, 1.6, 2.0, 1.7, 0.9, 0.9, 0.9, 1.1])[m_month]
    trend = np.vectorize(
        {
            2017: 0.9,
            2018: 1.0,
            2019: 1.05,
            2020: 1.1,
            2021: 1.2,
            2022: 1.35,
            2023: 1.3,
            2024: 0.9,
            2025: 0.7,
        }.get
    )(m_year, 0.7)
    noise = rng.lognormal(0.0, 0.35, (org.n, n_m)) * (rng.random((org.n, n_m)) > 0.15)
    hired = own * level[:, None] * (season * trend)[None, :] * noise
    # Costs: the workplace's salary level with social costs, and hired-staff prices.
    stock = rows["wp"][~rows["hourly"]]
    mean_sal = np.bincount(
        stock, weights=SALARY[occ_of[rows["person"][~rows["hourly"]]]], minlength=org.n
    ).astype(float)
    mean_sal /= np.maximum(np.bincount(stock, minlength=org.n), 1)
    mean_sal = np.where(mean_sal > 0, mean_sal, 32000.0)
    per_hour = mean_sal * 1.45 * 12 / 1700
    index = salary_index(m_year)
    price = np.where(
        org.wp_type == "vc",
        1900.0,
        np.where(np.isin(org.wp_type, ["psyk_opv", "psyk_avd"]), 1500.0, 950.0),
    )
    own_cost = own * per_hour[:, None] * index[None, :]
    hired_cost = hired * price[:, None] * index[None, :]
    w = np.repeat(np.arange(org.n), n_m)
    mi = np.tile(np.arange(n_m), org.n)
    has = own.ravel() > 0
    w, mi = w[has], mi[has]
    hc = np.round(hired_cost.ravel()[has])
    missing = rng.random(hc.size) < 0.005
    month_txt = months.astype("datetime64[M]").astype(str).astype(object)
    return pa.table(
        {
            "unit_id": pa.array(org.wp_ids[w].astype(object)),
            "month": pa.array(month_txt[mi]),
            "own_hours": pa.array(np.round(own.ravel()[has]).astype(np.int64)),
            "hired_hours": pa.array(np.round(hired.ravel()[has]).astype(np.int64)),
            "own_cost": pa.array(np.round(own_cost.ravel()[has]).astype(np.int64)),
            "hired_cost": pa.array(hc.astype(np.int64), mask=missing),
        }
    )


SAM_COMPLIANCE = {
    2017: 0.30,
    2018: 0.33,
    2019: 0.35,
    2020: 0.37,
    2021: 0.40,
    2022: 0.50,
    2023: 0.60,
    2024: 0.68,
    2025: 0.75,
}


def _sam(
    rng: np.random.Generator, org: Organisation, rows: Rows, n_persons: int, first: int, last: int
) -> pa.Table:
    key = rng.permutation(n_persons)
    forv_eff = rng.normal(0.0, 0.06, len(cat.FORVALTNINGAR))
    parts = []
    for year in range(first, last + 1):
        persons, row = active_main(rows, day(year, 11, 30))
        mgr = rows["manager"][row]
        persons, row = persons[mgr], row[mgr]
        wp = rows["wp"][row]
        p = np.clip(SAM_COMPLIANCE.get(year, 0.75) + forv_eff[org.wp_forv[wp]], 0.02, 0.98)
        ok = rng.random(persons.size) < p
        parts.append(
            pa.table(
                {
                    "year": pa.array(np.full(persons.size, year, np.int32)),
                    "unit_id": pa.array(org.wp_ids[wp].astype(object)),
                    "manager_key": pa.array(
                        np.array([f"CH{k:06d}" for k in key[persons].tolist()], dtype=object)
                    ),
                    "compliant": pa.array(ok.astype(np.int8)),
                }
            )
        )
    return pa.concat_tables(parts)


# ---- assembling ---------------------------------------------------------------------------


def _dates(values: np.ndarray) -> pa.Array:
    v = np.asarray(values, dtype=np.int64)
    return pa.array(v.astype(np.int32), type=pa.date32(), mask=v >= NONE)


def build(
    *,
    employees: int = 55_000,
    years: tuple[int, int] = (2017, 2025),
    seed: int = 2021,
    progress: Progress | None = None,
) -> dict[str, pa.Table]:
    """The region's tables in memory (Arrow), in the contract's column names and order."""
    first, last = years
    if last < first:
        raise ValueError("years must be (first, last) with first <= last")
    if employees < 50:
        raise ValueError("employees must be at least 50")
    report = progress or (lambda stage, fraction: None)
    start, end = day(first, 1, 1), day(last, 12, 31)
    report("organisation", 0.0)
    org = Organisation(employees, _rng(seed, "organisation"))
    report("staff", 0.05)
    people = _simulate(_rng(seed, "staff"), org, employees, first, last)
    main = _main_rows(_rng(seed, "careers"), org, people, start, end)
    second = _secondary_rows(_rng(seed, "secondary"), org, people, start, end)
    pool, pool_rows = _hourly_pool(_rng(seed, "hourly"), org, employees, start, end, len(people))
    rows = Rows.concat([main, second, pool_rows])
    birth = np.concatenate([people["birth"], pool["birth"]])
    female = np.concatenate([people["female"], pool["female"]])
    occ_of = np.concatenate([people["occ"], pool["occ"]])
    report("personnummer", 0.25)
    pnr = personnummer(_rng(seed, "personnummer"), birth, female)
    report("sick leave", 0.35)
    wp_effect = np.exp(_rng(seed, "workplace effects").normal(0.0, WP_SIGMA, org.n))
    wp_effect /= np.average(wp_effect, weights=org.size)
    sick = _sick(_rng(seed, "sick"), org, people, pool_rows, pool, start, end, wp_effect)
    report("leave", 0.5)
    leave = _leave(_rng(seed, "leave"), people, start, end)
    sem = _semester(_rng(seed, "semester"), people, first, last, sick[:3])
    report("surveys", 0.6)
    surveys = _surveys(_rng(seed, "surveys"), org, rows, female, first, last)
    report("staffing", 0.7)
    staffing = _staffing(_rng(seed, "staffing"), org, rows, occ_of, first, last)
    sam = _sam(_rng(seed, "sam"), org, rows, birth.size, first, last)
    report("salaries", 0.75)
    s_person, s_date, s_value = _salaries(
        _rng(seed, "salaries"), rows, birth, female, occ_of, first, last
    )
    report("tables", 0.8)
    pnr_arr = pa.array(pnr, type=pa.string())

    # Employments ordered by start, with ids in that order.
    order = np.lexsort((rows["person"], rows["start"]))
    rows = rows.take(order)
    n_rows = len(rows)
    emp_ids = pa.array(np.array([f"A{k:07d}" for k in range(1, n_rows + 1)], dtype=object))
    codes = np.array([o.code for o in OCC], dtype=object)
    reason_txt = np.array(END_REASONS, dtype=object)
    reason = rows["reason"].astype(int)
    employments = pa.table(
        {
            "employment_id": emp_ids,
            "person_id": pnr_arr.take(pa.array(rows["person"])),
            "unit_id": pa.array(org.wp_ids[rows["wp"]].astype(object)),
            "occupation_code": pa.array(codes[rows["occ"]]),
            "start_date": _dates(rows["start"]),
            "end_date": _dates(np.where(rows["end"] > end, NONE, rows["end"])),
            "rate": pa.array(rows["rate"], mask=np.isnan(rows["rate"])),
            "pay_form": pa.array(np.where(rows["hourly"], "T", "M").astype(object)),
            "form": pa.array(np.where(rows["visstid"], "visstid", "tillsvidare").astype(object)),
            "manager": pa.array(rows["manager"].astype(np.int8)),
            "weekly_hours": pa.array(rows["hours"]),
            "end_reason": pa.array(reason_txt[reason], mask=(reason == 0) | (rows["end"] > end)),
        }
    )
    # Absences: sick, leave, semester; ordered by person and start.
    ab_person = np.concatenate([sick[0], leave[0], sem[0]])
    ab_start = np.concatenate([sick[1], leave[1], sem[1]])
    ab_end = np.concatenate([sick[2], leave[2], sem[2]])
    ab_type = np.concatenate([np.zeros(sick[0].size, int), 1 + leave[3], np.full(sem[0].size, 3)])
    ab_ext = np.concatenate([sick[3], leave[4], np.full(sem[0].size, 100.0)])
    keep = (ab_start <= end) & (ab_end >= start)
    ab_start, ab_end = np.maximum(ab_start, start), np.minimum(ab_end, end)
    order = np.lexsort((ab_type, ab_start, ab_person))
    order = order[keep[order]]
    types = np.array(["sjuk", "foraldraledig", "tjanstledig", "semester"], dtype=object)
    absences = pa.table(
        {
            "person_id": pnr_arr.take(pa.array(ab_person[order])),
            "start_date": _dates(ab_start[order]),
            "end_date": _dates(ab_end[order]),
            "type": pa.array(types[ab_type[order]]),
            "extent": pa.array(ab_ext[order]),
        }
    )
    persons = pa.table(
        {
            "person_id": pnr_arr,
            "birth_date": _dates(birth),
            "gender": pa.array(np.where(female, "K", "M").astype(object)),
        }
    )
    units = pa.table(
        {
            "unit_id": pa.array([r[0] for r in org.rows]),
            "name": pa.array([r[1] for r in org.rows]),
            "parent_id": pa.array([r[2] for r in org.rows], type=pa.string()),
            "kind": pa.array([r[3] for r in org.rows]),
        }
    )
    occupations = pa.table(
        {
            "occupation_code": pa.array([o.code for o in OCC]),
            "name": pa.array([o.name for o in OCC]),
            "group": pa.array([o.group for o in OCC]),
        }
    )
    salaries = pa.table(
        {
            "person_id": pnr_arr.take(pa.array(s_person)),
            "date": _dates(s_date),
            "monthly_salary": pa.array(s_value.astype(np.int64)),
        }
    )
    report("done", 0.85)
    return {
        "units": units,
        "persons": persons,
        "employments": employments,
        "absences": absences,
        "surveys": surveys,
        "staffing": staffing,
        "sam": sam,
        "salaries": salaries,
        "occupations": occupations,
    }


WP_SIGMA = 0.55


def write_csv(table: pa.Table, path: Path) -> None:
    """Write one table as CSV: UTF-8, comma, header, ISO dates, empty = missing, no quoting."""
    with path.open("wb") as handle:
        handle.write((",".join(table.column_names) + "\n").encode())
        pacsv.write_csv(
            table,
            handle,
            pacsv.WriteOptions(include_header=False, quoting_style="none", batch_size=65536),
        )


def generate(
    out_dir: Path,
    *,
    employees: int = 55_000,
    years: tuple[int, int] = (2017, 2025),
    seed: int = 2021,
    progress: Callable[[str, float], None] | None = None,
) -> dict[str, int]:
    """Write the synthetic region to ``out_dir`` (created if needed); return rows per table."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = build(employees=employees, years=years, seed=seed, progress=progress)
    counts: dict[str, int] = {}
    for i, name in enumerate(TABLES):
        if progress:
            progress(f"writing {name}.csv", 0.85 + 0.15 * i / len(TABLES))
        write_csv(tables[name], out_dir / f"{name}.csv")
        counts[name] = tables[name].num_rows
    if progress:
        progress("done", 1.0)
    return counts


__all__ = ["build", "generate"]
