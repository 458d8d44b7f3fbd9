"""Writes Spanish demonym adjectives (every gender and number) into the last
column of data/kb/countries.tsv (adjectives_es), leaving out forms the
all-language adjectives column already has. They match as Spanish words and are
not combined with the role phrases ({adj}), which are French and English. Facts written by hand
(the masculine singular of each country); the other forms follow Spanish
morphology. Ambiguous ones (congoleño, coreano, guineano) are left out.
Usage: python3 tools/spanish_demonyms.py  (rewrites data/kb/countries.tsv in place; idempotent)"""
import os, unicodedata

MASC = {
    "USA": "estadounidense", "RUS": "ruso", "CHN": "chino", "KAZ": "kazajo", "UZB": "uzbeko",
    "KGZ": "kirguís", "TJK": "tayiko", "TKM": "turcomano", "UKR": "ucraniano", "BLR": "bielorruso",
    "ARM": "armenio", "AZE": "azerbaiyano", "GEO": "georgiano", "TUR": "turco", "FRA": "francés",
    "DEU": "alemán", "GBR": "británico", "ITA": "italiano", "ESP": "español", "POL": "polaco",
    "IND": "indio", "JPN": "japonés", "IRN": "iraní", "AFG": "afgano", "MDA": "moldavo",
    "SWE": "sueco", "FIN": "finlandés", "LTU": "lituano", "LVA": "letón", "EST": "estonio",
    "PAK": "pakistaní", "MNG": "mongol", "SAU": "saudí", "ISR": "israelí", "KOR": "surcoreano",
    "PRK": "norcoreano", "CAN": "canadiense", "BRA": "brasileño", "MEX": "mexicano",
    "ARG": "argentino", "AUS": "australiano", "IDN": "indonesio", "ZAF": "sudafricano",
    "EGY": "egipcio", "SYR": "sirio", "IRQ": "iraquí", "CHE": "suizo", "NLD": "neerlandés",
    "BEL": "belga", "HUN": "húngaro", "ROU": "rumano", "SRB": "serbio", "ALB": "albanés",
    "DZA": "argelino", "AND": "andorrano", "AGO": "angoleño", "AUT": "austriaco",
    "BHS": "bahameño", "BHR": "bareiní", "BGD": "bangladesí", "BRB": "barbadense", "BLZ": "beliceño",
    "BEN": "beninés", "BTN": "butanés", "BOL": "boliviano", "BIH": "bosnio", "BWA": "botsuano",
    "BRN": "bruneano", "BGR": "búlgaro", "BFA": "burkinés", "BDI": "burundés", "CPV": "caboverdiano",
    "KHM": "camboyano", "CMR": "camerunés", "CAF": "centroafricano", "TCD": "chadiano",
    "CHL": "chileno", "COL": "colombiano", "COM": "comorense", "CRI": "costarricense",
    "CIV": "marfileño", "HRV": "croata", "CUB": "cubano", "CYP": "chipriota", "CZE": "checo",
    "DNK": "danés", "DJI": "yibutiano", "DOM": "dominicano", "ECU": "ecuatoriano",
    "SLV": "salvadoreño", "GNQ": "ecuatoguineano", "ERI": "eritreo", "SWZ": "suazi",
    "ETH": "etíope", "FJI": "fiyiano", "GAB": "gabonés", "GMB": "gambiano", "GHA": "ghanés",
    "GRC": "griego", "GTM": "guatemalteco", "GNB": "bisauguineano", "GUY": "guyanés",
    "HTI": "haitiano", "HND": "hondureño", "ISL": "islandés", "IRL": "irlandés", "JAM": "jamaicano",
    "JOR": "jordano", "KEN": "keniano", "KWT": "kuwaití", "LAO": "laosiano", "LBN": "libanés",
    "LSO": "lesotense", "LBR": "liberiano", "LBY": "libio", "LUX": "luxemburgués",
    "MDG": "malgache", "MWI": "malauí", "MYS": "malasio", "MDV": "maldivo", "MLI": "maliense",
    "MLT": "maltés", "MRT": "mauritano", "MUS": "mauriciano", "MCO": "monegasco",
    "MNE": "montenegrino", "MAR": "marroquí", "MOZ": "mozambiqueño", "MMR": "birmano",
    "NAM": "namibio", "NPL": "nepalí", "NZL": "neozelandés", "NIC": "nicaragüense",
    "NER": "nigerino", "NGA": "nigeriano", "MKD": "macedonio", "NOR": "noruego", "OMN": "omaní",
    "PAN": "panameño", "PNG": "papú", "PRY": "paraguayo", "PER": "peruano", "PHL": "filipino",
    "PRT": "portugués", "QAT": "catarí", "RWA": "ruandés", "WSM": "samoano", "SMR": "sanmarinense",
    "SEN": "senegalés", "SLE": "sierraleonés", "SGP": "singapurense", "SVK": "eslovaco",
    "SVN": "esloveno", "SOM": "somalí", "SSD": "sursudanés", "LKA": "ceilandés", "SDN": "sudanés",
    "SUR": "surinamés", "TZA": "tanzano", "THA": "tailandés", "TLS": "timorense", "TGO": "togolés",
    "TON": "tongano", "TTO": "trinitense", "TUN": "tunecino", "UGA": "ugandés",
    "ARE": "emiratí", "URY": "uruguayo", "VEN": "venezolano", "VNM": "vietnamita", "YEM": "yemení",
    "ZMB": "zambiano", "ZWE": "zimbabuense", "VAT": "vaticano", "PSE": "palestino",
    "KSV": "kosovar", "TWN": "taiwanés", "PRI": "puertorriqueño", "GRL": "groenlandés",
}

def strip_accent(w):
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", w) if unicodedata.category(c) != "Mn"))

def forms(m):
    if m.endswith("o"):
        b = m[:-1]
        return [m, b + "a", b + "os", b + "as"]
    if m.endswith(("és", "án", "ón", "ís")):
        b = strip_accent(m)
        return [m, b + "a", b + "es", b + "as"]
    if m.endswith("í") or m.endswith("ú"):
        return [m, m + "es", m + "s"]
    if m.endswith("ol") or m.endswith("ar"):
        return [m, m + "a", m + "es", m + "as"]
    if m.endswith("e") or m.endswith("a"):
        return [m, m + "s"]
    if m.endswith("l"):
        return [m, m + "es"]
    return [m]

path = os.path.join(os.path.dirname(__file__), "..", "data", "kb", "countries.tsv")
lines = open(path, encoding="utf-8").read().split("\n")
added = 0
for i, line in enumerate(lines):
    if not line or line.startswith("#"):
        continue
    cols = line.split("\t")
    if len(cols) < 12:
        continue
    cols = cols[:12]
    if cols[0] in MASC:
        low = {a.lower() for a in cols[10].split("|") if a}
        new = [f for f in forms(MASC[cols[0]]) if f.lower() not in low]
        added += len(new)
        cols.append("|".join(new))
    else:
        cols.append("")
    lines[i] = "\t".join(cols)
open(path, "w", encoding="utf-8").write("\n".join(lines))
print(f"{added} Spanish adjective forms in adjectives_es")
