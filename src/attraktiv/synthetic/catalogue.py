"""The static description of the synthetic region: organisation, occupations, staffing mixes.

Everything here is invented but modelled on a mid-sized Swedish region (about 55,000 monthly-
paid employees at full scale) and SKR's published structure of the sector:

- **Förvaltningar** with their share of the staff, each with verksamheter of a *type*
  (vårdavdelning, vårdcentral, tandvård …). The type decides which occupations work there
  (``MIXES``), whether the work is round the clock (shorter weekly hours for ward staff) and
  how much hired staff the workplaces use.
- **Occupations**: about 66 codes in 60 groups (the competences that the supply plan
  projects). Codes are synthetic keys in the style of SSYK 2012 (a four-digit unit group and a
  two-digit serial); they are not an official classification. For each occupation: the share
  of women, the mean age of the stock and of new hires, the median monthly salary in 2021,
  the recruitment *fill rate* (the share of leavers who are replaced; below 1 makes the
  competence drift into shortage), a sick-leave factor, the share of full-time contracts and
  the share of fixed-term (visstid) hires.
"""

from __future__ import annotations

from typing import NamedTuple


class Occupation(NamedTuple):
    key: str
    code: str
    name: str
    group: str
    women: float  # share of women
    age: float  # mean age of the stock
    hire_age: float  # mean age of new hires
    salary: int  # median monthly salary 2021, SEK, full-time equivalent
    fill: float  # share of leavers replaced (below 1: drifts into shortage)
    sick: float  # sick-leave factor (1 = region average for the staff mix)
    full: float  # share of contracts at 100 %
    visstid: float  # share of hires on fixed-term contracts


# fmt: off
OCCUPATIONS: tuple[Occupation, ...] = (
    # Läkare
    Occupation("spec", "2211-01", "Specialistläkare", "Specialistläkare", .50, 51, 40, 78000, .93, .45, .96, .05),
    Occupation("specam", "2211-02", "Specialistläkare i allmänmedicin", "Specialistläkare allmänmedicin", .55, 50, 40, 80000, .80, .45, .93, .05),
    Occupation("specps", "2211-03", "Specialistläkare i psykiatri", "Specialistläkare psykiatri", .50, 52, 41, 82000, .80, .50, .95, .05),
    Occupation("st", "2212-01", "ST-läkare", "ST-läkare", .58, 35, 31, 52000, 1.0, .55, .97, .10),
    Occupation("at", "2213-01", "AT-läkare", "AT-läkare", .60, 29, 28, 38000, 1.0, .60, .99, .90),
    Occupation("ul", "2219-01", "Underläkare", "Underläkare", .58, 28, 27, 36000, 1.0, .60, .95, .80),
    # Sjuksköterskor
    Occupation("ssk", "2221-01", "Sjuksköterska vårdavdelning", "Sjuksköterska", .89, 41, 29, 37500, .96, 1.10, .86, .12),
    Occupation("sskm", "2221-02", "Sjuksköterska mottagning", "Sjuksköterska", .92, 46, 36, 38000, .97, 1.00, .84, .08),
    Occupation("bm", "2222-01", "Barnmorska", "Barnmorska", 1.0, 45, 33, 41500, .90, 1.05, .82, .10),
    Occupation("ane", "2223-01", "Specialistsjuksköterska anestesisjukvård", "Anestesisjuksköterska", .82, 47, 37, 44000, .85, .95, .86, .04),
    Occupation("iva", "2223-02", "Specialistsjuksköterska intensivvård", "Intensivvårdssjuksköterska", .84, 45, 35, 44000, .85, 1.00, .86, .04),
    Occupation("dsk", "2224-01", "Distriktssköterska", "Distriktssköterska", .94, 49, 38, 42000, .82, 1.00, .85, .05),
    Occupation("pssk", "2225-01", "Specialistsjuksköterska psykiatrisk vård", "Psykiatrisjuksköterska", .78, 47, 37, 41000, .85, 1.05, .88, .05),
    Occupation("rtg", "2226-01", "Röntgensjuksköterska", "Röntgensjuksköterska", .80, 43, 30, 39000, .85, .95, .88, .06),
    Occupation("bsk", "2227-01", "Specialistsjuksköterska barnsjukvård", "Barnsjuksköterska", .97, 45, 36, 41000, .88, 1.00, .84, .05),
    Occupation("op", "2228-01", "Specialistsjuksköterska operationssjukvård", "Operationssjuksköterska", .88, 47, 37, 44000, .85, .95, .86, .04),
    Occupation("aldre", "2228-02", "Specialistsjuksköterska vård av äldre", "Specialistsjuksköterska vård av äldre", .93, 48, 40, 40000, .95, 1.05, .85, .05),
    Occupation("amssk", "2228-03", "Ambulanssjuksköterska", "Ambulanssjuksköterska", .55, 42, 33, 41000, .88, .95, .92, .08),
    Occupation("onk", "2228-04", "Specialistsjuksköterska onkologi", "Onkologisjuksköterska", .95, 47, 38, 41000, .88, 1.00, .85, .04),
    # Rehabilitering, psykologi, kurativ och medicinsk service
    Occupation("fysio", "2235-01", "Fysioterapeut", "Fysioterapeut", .75, 41, 29, 33500, 1.0, .85, .88, .10),
    Occupation("arbt", "2236-01", "Arbetsterapeut", "Arbetsterapeut", .90, 43, 30, 33000, 1.0, .90, .86, .10),
    Occupation("psyk", "2671-01", "Psykolog", "Psykolog", .78, 42, 32, 42000, .90, .80, .88, .10),
    Occupation("psyt", "2672-01", "Psykoterapeut", "Psykoterapeut", .78, 53, 45, 46000, 1.0, .75, .85, .05),
    Occupation("kur", "2662-01", "Kurator", "Kurator", .88, 46, 34, 35000, 1.0, .95, .88, .10),
    Occupation("logo", "2232-01", "Logoped", "Logoped", .95, 41, 30, 35000, 1.0, .85, .86, .10),
    Occupation("diet", "2233-01", "Dietist", "Dietist", .92, 40, 30, 34000, 1.0, .85, .88, .10),
    Occupation("audio", "2273-01", "Audionom", "Audionom", .80, 42, 30, 34000, 1.0, .85, .88, .08),
    Occupation("bma", "3212-01", "Biomedicinsk analytiker", "Biomedicinsk analytiker", .85, 46, 30, 35000, .88, 1.00, .88, .08),
    Occupation("fysik", "2111-01", "Sjukhusfysiker", "Sjukhusfysiker", .45, 44, 32, 48000, .90, .65, .97, .05),
    Occupation("apot", "2262-01", "Apotekare", "Apotekare", .80, 43, 33, 44000, 1.0, .75, .92, .05),
    Occupation("orting", "3214-01", "Ortopedingenjör", "Ortopedingenjör", .45, 44, 32, 36000, 1.0, .80, .95, .05),
    Occupation("amb", "3258-01", "Ambulanssjukvårdare", "Ambulanssjukvårdare", .45, 38, 29, 30000, 1.0, 1.00, .92, .15),
    # Tandvård
    Occupation("tl", "2261-01", "Tandläkare", "Tandläkare", .60, 43, 31, 52000, .85, .70, .88, .06),
    Occupation("stl", "2261-02", "Specialisttandläkare", "Specialisttandläkare", .55, 52, 42, 68000, 1.0, .65, .90, .03),
    Occupation("th", "3251-01", "Tandhygienist", "Tandhygienist", .97, 45, 30, 35000, .90, .95, .78, .08),
    Occupation("tsk", "5326-01", "Tandsköterska", "Tandsköterska", .98, 46, 30, 27500, 1.0, 1.20, .78, .12),
    Occupation("ttek", "7321-01", "Tandtekniker", "Tandtekniker", .55, 48, 35, 30000, 1.0, .95, .90, .05),
    # Undersköterskor och vårdnära service
    Occupation("usk", "5321-01", "Undersköterska vårdavdelning", "Undersköterska", .88, 44, 30, 28500, 1.0, 1.25, .80, .22),
    Occupation("uskm", "5321-02", "Undersköterska mottagning", "Undersköterska", .93, 48, 35, 28500, 1.0, 1.15, .80, .12),
    Occupation("skot", "5323-01", "Skötare psykiatri", "Skötare", .60, 43, 30, 29000, 1.0, 1.20, .85, .20),
    Occupation("bsko", "5325-01", "Barnsköterska", "Barnsköterska", .97, 47, 33, 27500, 1.0, 1.20, .78, .12),
    Occupation("vbitr", "5330-01", "Vårdbiträde", "Vårdbiträde", .80, 40, 24, 25500, 1.0, 1.25, .75, .35),
    Occupation("steril", "3259-01", "Steriltekniker", "Steriltekniker", .75, 45, 33, 28000, 1.0, 1.15, .88, .10),
    # Administration
    Occupation("msek", "3344-01", "Medicinsk sekreterare", "Medicinsk sekreterare", .96, 48, 32, 29500, 1.0, 1.05, .84, .10),
    Occupation("adm", "4111-01", "Administratör", "Administratör", .82, 47, 33, 29000, 1.0, 1.00, .90, .15),
    Occupation("vadm", "4226-01", "Vårdadministratör", "Vårdadministratör", .90, 45, 30, 28000, 1.0, 1.05, .86, .15),
    Occupation("hr", "2423-01", "HR-specialist", "HR-specialist", .85, 45, 36, 44000, 1.0, .75, .96, .08),
    Occupation("eko", "2411-01", "Ekonom", "Ekonom", .65, 46, 35, 44000, 1.0, .70, .97, .06),
    Occupation("utr", "2422-01", "Utredare", "Utredare", .65, 47, 38, 44000, 1.0, .70, .97, .08),
    Occupation("itspec", "2512-01", "IT-specialist", "IT-specialist", .30, 45, 36, 45000, 1.0, .60, .98, .06),
    Occupation("ittek", "3512-01", "IT-tekniker", "IT-tekniker", .25, 40, 30, 33000, 1.0, .65, .98, .08),
    Occupation("jur", "2611-01", "Jurist", "Jurist", .65, 45, 35, 48000, 1.0, .60, .98, .05),
    Occupation("kom", "2432-01", "Kommunikatör", "Kommunikatör", .75, 43, 34, 38000, 1.0, .70, .95, .10),
    Occupation("upph", "2433-01", "Upphandlare", "Upphandlare", .60, 45, 36, 40000, 1.0, .70, .98, .06),
    Occupation("mting", "2149-01", "Medicinteknisk ingenjör", "Medicinteknisk ingenjör", .25, 44, 32, 40000, 1.0, .65, .98, .05),
    # Service
    Occupation("lok", "9111-01", "Lokalvårdare", "Lokalvårdare", .70, 46, 32, 25500, 1.0, 1.30, .80, .20),
    Occupation("kock", "5120-01", "Kock", "Kock", .55, 44, 30, 27000, 1.0, 1.10, .88, .15),
    Occupation("malt", "9412-01", "Måltidsbiträde", "Måltidsbiträde", .80, 44, 27, 24500, 1.0, 1.25, .75, .25),
    Occupation("forare", "8332-01", "Förare", "Förare", .15, 48, 35, 27000, 1.0, 1.00, .95, .12),
    Occupation("fast", "7126-01", "Fastighetstekniker", "Fastighetstekniker", .12, 47, 35, 30000, 1.0, .90, .98, .08),
    Occupation("lager", "4321-01", "Lagerarbetare", "Lagerarbetare", .35, 45, 30, 27000, 1.0, 1.05, .95, .12),
    # Chefer (manager = 1)
    Occupation("chef", "1511-01", "Enhetschef hälso- och sjukvård", "Chef", .80, 50, 45, 52000, 1.0, .70, 1.0, .0),
    Occupation("vchef", "1512-01", "Verksamhetschef", "Chef", .65, 54, 48, 68000, 1.0, .60, 1.0, .0),
    Occupation("achef", "1219-01", "Chef administration och service", "Chef", .65, 52, 47, 58000, 1.0, .60, 1.0, .0),
)
# fmt: on

MANAGER_KEYS = ("chef", "vchef", "achef")

#: Occupations of hourly-paid (timavlönade) staff and their weights.
HOURLY_MIX = {"usk": 50, "vbitr": 15, "ssk": 15, "ul": 5, "msek": 5, "lok": 5, "malt": 5}

# Occupation mix (relative weights, managers excluded) of each verksamhet type.
MIXES: dict[str, dict[str, float]] = {
    "avd": {
        "ssk": 40,
        "usk": 36,
        "spec": 6,
        "st": 3,
        "at": 1.5,
        "ul": 1,
        "fysio": 2,
        "arbt": 1.5,
        "msek": 3,
        "vadm": 1,
        "diet": 0.3,
        "kur": 0.7,
        "onk": 1.0,
        "aldre": 1.0,
        "bsk": 0.5,
    },
    "akut": {
        "ssk": 22,
        "usk": 22,
        "ane": 13,
        "iva": 12,
        "op": 14,
        "spec": 8,
        "st": 3,
        "steril": 1,
        "msek": 2,
        "vadm": 1,
        "at": 1,
    },
    "forl": {"bm": 38, "usk": 28, "ssk": 12, "spec": 9, "st": 3, "msek": 4, "bsk": 4, "kur": 1},
    "barn": {
        "bsk": 25,
        "ssk": 20,
        "bsko": 25,
        "usk": 8,
        "spec": 10,
        "st": 4,
        "msek": 4,
        "kur": 2,
        "psyk": 1,
        "logo": 1,
    },
    "mott": {
        "sskm": 30,
        "uskm": 22,
        "spec": 17,
        "st": 5,
        "msek": 12,
        "vadm": 5,
        "audio": 3,
        "fysio": 2,
        "logo": 1,
        "diet": 1,
        "orting": 1,
        "kur": 1,
    },
    "vc": {
        "dsk": 20,
        "sskm": 12,
        "uskm": 14,
        "specam": 14,
        "st": 6,
        "ul": 2,
        "msek": 10,
        "vadm": 6,
        "fysio": 7,
        "arbt": 3,
        "psyk": 3,
        "kur": 3,
        "diet": 0.5,
    },
    "rehab": {
        "fysio": 38,
        "arbt": 30,
        "logo": 6,
        "kur": 6,
        "psyk": 4,
        "uskm": 6,
        "spec": 3,
        "msek": 5,
        "orting": 2,
    },
    "amb": {"amssk": 55, "amb": 40, "adm": 3, "spec": 2},
    "psyk_avd": {
        "pssk": 18,
        "ssk": 14,
        "skot": 44,
        "usk": 6,
        "specps": 7,
        "st": 3,
        "psyk": 2,
        "kur": 2,
        "arbt": 2,
        "msek": 2,
    },
    "psyk_opv": {
        "pssk": 18,
        "sskm": 8,
        "skot": 6,
        "specps": 13,
        "st": 5,
        "psyk": 18,
        "psyt": 5,
        "kur": 16,
        "arbt": 4,
        "msek": 7,
    },
    "tand": {"tl": 25, "stl": 4, "th": 17, "tsk": 46, "ttek": 2, "adm": 4, "vadm": 2},
    "lab": {
        "bma": 65,
        "spec": 10,
        "st": 3,
        "uskm": 8,
        "adm": 6,
        "msek": 5,
        "fysik": 1,
        "itspec": 1,
        "apot": 1,
    },
    "bild": {"rtg": 52, "spec": 14, "st": 4, "uskm": 10, "msek": 12, "fysik": 4, "mting": 2},
    "steril": {"steril": 55, "mting": 25, "usk": 10, "adm": 5, "lager": 5},
    "kost": {"kock": 40, "malt": 55, "adm": 3, "diet": 2},
    "lokal": {"lok": 92, "adm": 3, "forare": 5},
    "fast": {"fast": 45, "forare": 25, "lager": 25, "adm": 5},
    "it": {"itspec": 55, "ittek": 40, "adm": 5},
    "adm": {
        "adm": 20,
        "hr": 18,
        "eko": 18,
        "utr": 16,
        "kom": 6,
        "jur": 3,
        "upph": 6,
        "itspec": 5,
        "apot": 2,
        "vadm": 6,
    },
}

#: Verksamhet types where ward staff work round the clock (shorter weekly hours).
ROUND_THE_CLOCK = {"avd", "akut", "forl", "barn", "amb", "psyk_avd"}
#: Occupations that work the shifts in round-the-clock verksamheter.
SHIFT_OCCUPATIONS = {
    "ssk",
    "usk",
    "bm",
    "ane",
    "iva",
    "op",
    "bsk",
    "pssk",
    "skot",
    "amssk",
    "amb",
    "bsko",
    "onk",
    "aldre",
    "vbitr",
    "ul",
}
#: Hired-staff intensity by type: (share of workplaces that hire, mean hired share of hours).
HIRED = {
    "avd": (0.30, 0.05),
    "akut": (0.45, 0.06),
    "forl": (0.25, 0.04),
    "vc": (0.55, 0.09),
    "psyk_avd": (0.45, 0.08),
    "psyk_opv": (0.45, 0.08),
    "bild": (0.30, 0.05),
    "barn": (0.2, 0.03),
    "mott": (0.2, 0.03),
    "tand": (0.2, 0.03),
    "amb": (0.15, 0.03),
    "lab": (0.15, 0.02),
}


class Verksamhet(NamedTuple):
    unit_id: str
    name: str
    type: str
    share: float  # share of the förvaltning's staff
    workplace: str  # pattern of workplace names; {n} a number, {place} a place name


class Forvaltning(NamedTuple):
    unit_id: str
    name: str
    share: float  # share of the region's staff
    verksamheter: tuple[Verksamhet, ...]


V = Verksamhet
FORVALTNINGAR: tuple[Forvaltning, ...] = (
    Forvaltning(
        "HS",
        "Hälso- och sjukvårdsförvaltningen",
        0.55,
        (
            V("HS-MED", "Medicinkliniken", "avd", 0.16, "Avdelning {n} medicin"),
            V("HS-KIR", "Kirurgkliniken", "avd", 0.12, "Avdelning {n} kirurgi"),
            V(
                "HS-AIO",
                "Anestesi- operation- och intensivvårdskliniken",
                "akut",
                0.13,
                "AnOpIVA enhet {n}",
            ),
            V("HS-AKM", "Akutkliniken", "akut", 0.07, "Akutmottagningen {place}"),
            V("HS-ORT", "Ortopedkliniken", "avd", 0.07, "Avdelning {n} ortopedi"),
            V("HS-KK", "Kvinnokliniken", "forl", 0.07, "Kvinnosjukvård enhet {n}"),
            V("HS-BUK", "Barn- och ungdomskliniken", "barn", 0.06, "Barn och ungdom enhet {n}"),
            V("HS-MOT", "Specialistmottagningar", "mott", 0.09, "Mottagning {place}"),
            V("HS-GER", "Geriatriska kliniken", "avd", 0.05, "Avdelning {n} geriatrik"),
            V("HS-ONK", "Onkologkliniken", "avd", 0.04, "Avdelning {n} onkologi"),
            V("HS-REH", "Rehabiliteringsmedicin", "rehab", 0.05, "Rehabenheten {place}"),
            V("HS-AMB", "Ambulanssjukvården", "amb", 0.05, "Ambulansstation {place}"),
        ),
    ),
    Forvaltning(
        "PV",
        "Primärvårdsförvaltningen",
        0.12,
        (
            V("PV-NORR", "Primärvård norr", "vc", 0.36, "Vårdcentralen {place}"),
            V("PV-SYD", "Primärvård syd", "vc", 0.36, "Vårdcentralen {place}"),
            V("PV-VAST", "Primärvård väst", "vc", 0.18, "Vårdcentralen {place}"),
            V("PV-REH", "Primärvårdsrehab", "rehab", 0.10, "Rehab primärvård {place}"),
        ),
    ),
    Forvaltning(
        "PS",
        "Psykiatriförvaltningen",
        0.10,
        (
            V("PS-VUX", "Vuxenpsykiatri", "psyk_opv", 0.34, "Öppenvård vuxenpsykiatri {place}"),
            V("PS-HDV", "Psykiatrisk heldygnsvård", "psyk_avd", 0.34, "Avdelning {n} psykiatri"),
            V("PS-BUP", "Barn- och ungdomspsykiatri", "psyk_opv", 0.22, "BUP mottagning {place}"),
            V("PS-RPS", "Rättspsykiatri", "psyk_avd", 0.10, "Avdelning {n} rättspsykiatri"),
        ),
    ),
    Forvaltning(
        "FT",
        "Folktandvården",
        0.06,
        (
            V("FT-ALL", "Allmäntandvård", "tand", 0.80, "Folktandvården {place}"),
            V("FT-SPE", "Specialisttandvård", "tand", 0.20, "Specialisttandvården enhet {n}"),
        ),
    ),
    Forvaltning(
        "MS",
        "Medicinsk service",
        0.07,
        (
            V("MS-LAB", "Laboratoriemedicin", "lab", 0.45, "Laboratoriet enhet {n}"),
            V("MS-BOF", "Bild- och funktionsmedicin", "bild", 0.40, "Röntgen {place}"),
            V(
                "MS-STE",
                "Sterilteknik och medicinteknik",
                "steril",
                0.15,
                "Sterilcentralen enhet {n}",
            ),
        ),
    ),
    Forvaltning(
        "RS",
        "Regionservice",
        0.05,
        (
            V("RS-KOS", "Kost och restaurang", "kost", 0.30, "Köket {place}"),
            V("RS-LOK", "Lokalvård", "lokal", 0.35, "Lokalvård område {n}"),
            V(
                "RS-FAS",
                "Fastighet och transport",
                "fast",
                0.20,
                "Fastighet och transport enhet {n}",
            ),
            V("RS-IT", "IT-centrum", "it", 0.15, "IT-centrum enhet {n}"),
        ),
    ),
    Forvaltning(
        "RK",
        "Regionkontoret",
        0.05,
        (
            V("RK-CHR", "Centrum för HR", "adm", 0.30, "HR enhet {n}"),
            V("RK-EKO", "Ekonomi och upphandling", "adm", 0.30, "Ekonomi enhet {n}"),
            V("RK-LED", "Ledningsstab", "adm", 0.25, "Ledningsstaben enhet {n}"),
            V("RK-UTV", "Utveckling och kommunikation", "adm", 0.15, "Utveckling enhet {n}"),
        ),
    ),
)

#: Place names for workplaces (PV-NORR-1 is Vårdcentralen Backa, as in the seed tree).
PLACES = (
    "Backa",
    "Ekdalen",
    "Strand",
    "Åsen",
    "Bäckby",
    "Skiljebo",
    "Hammarby",
    "Råby",
    "Vallby",
    "Norrmalm",
    "Brunnby",
    "Hagaberg",
    "Kungsör",
    "Köping",
    "Arboga",
    "Sala",
    "Fagersta",
    "Norberg",
    "Skinnskatteberg",
    "Hallstahammar",
    "Surahammar",
    "Kolbäck",
    "Tillberga",
    "Kärrbo",
    "Irsta",
    "Barkarö",
    "Dingtuna",
    "Västerås centrum",
    "Viksäng",
    "Pettersberg",
    "Gryta",
    "Malmaberg",
    "Haga",
    "Öster Mälarstrand",
    "Vetterslund",
    "Klockartorpet",
    "Önsta",
    "Bjurhovda",
    "Hälla",
    "Erikslund",
    "Finnslätten",
    "Kristiansborg",
    "Lillåudden",
    "Tidö",
    "Ängsö",
    "Munktorp",
    "Ramnäs",
    "Virsbo",
    "Riddarhyttan",
    "Kohlswa",
)

REGION_ID = "R"
REGION_NAME = "Region Exempel"
