"""First-level divisions (German Länder, Swiss cantons, French regions, Spanish
communities, Italian regions, Canadian and South African provinces, US states) added
to data/kb/places.tsv as regions in their country. Facts written by hand; names that
are also cities, states or common words (Berlin, Geneva, Georgia, Washington, Centre,
Marches, Valencia, Madrid) are left out. Idempotent: python3 tools/add_regions.py"""
rows = """DEU|Bavaria|Bavière|Bayern|Baviera
DEU|Baden-Württemberg|Bade-Wurtemberg|Baden-Wurtemberg
DEU|Thuringia|Thuringe|Thüringen|Turingia
DEU|Saxony|Saxe|Sachsen|Sajonia
DEU|Saxony-Anhalt|Saxe-Anhalt|Sachsen-Anhalt|Sajonia-Anhalt
DEU|Hesse|Hesse|Hessen
DEU|North Rhine-Westphalia|Rhénanie-du-Nord-Westphalie|Nordrhein-Westfalen|Renania del Norte-Westfalia
DEU|Lower Saxony|Basse-Saxe|Niedersachsen|Baja Sajonia
DEU|Brandenburg|Brandebourg|Brandeburgo
DEU|Mecklenburg-Western Pomerania|Mecklembourg-Poméranie-Occidentale|Mecklenburg-Vorpommern
DEU|Schleswig-Holstein|Schleswig-Holstein
DEU|Rhineland-Palatinate|Rhénanie-Palatinat|Rheinland-Pfalz
DEU|Saarland|Sarre|Sarre
CHE|Graubünden|Grisons|Grisones
CHE|Valais|Valais|Wallis
CHE|Ticino|Tessin|Tesino
CHE|Aargau|Argovie|Argovia
CHE|Thurgau|Thurgovie|Turgovia
CHE|Vaud|Vaud|Waadt
CHE|Appenzell|Appenzell
FRA|Brittany|Bretagne|Bretaña
FRA|Normandy|Normandie|Normandía
FRA|Occitania|Occitanie|Okzitanien
FRA|Nouvelle-Aquitaine|Nouvelle-Aquitaine|Nueva Aquitania
FRA|Auvergne-Rhône-Alpes|Auvergne-Rhône-Alpes
FRA|Provence-Alpes-Côte d'Azur|Provence-Alpes-Côte d'Azur|PACA
FRA|Hauts-de-France|Hauts-de-France
FRA|Île-de-France|Île-de-France|Isla de Francia
FRA|Grand Est|Grand Est
FRA|Bourgogne-Franche-Comté|Bourgogne-Franche-Comté
FRA|Pays de la Loire|Pays de la Loire
FRA|Corsica|Corse|Córcega|Korsika
FRA|Alsace|Alsace|Alsacia|Elsass
ESP|Catalonia|Catalogne|Cataluña|Katalonien|Catalunya
ESP|Andalusia|Andalousie|Andalucía|Andalusien
ESP|Basque Country|Pays basque|País Vasco|Baskenland|Euskadi
ESP|Galicia|Galice|Galicien
ESP|Aragon|Aragon|Aragón|Aragonien
ESP|Asturias|Asturies|Asturien
ESP|Cantabria|Cantabrie|Kantabrien
ESP|Navarre|Navarre|Navarra
ESP|Extremadura|Estrémadure|Extremadura
ESP|Castile and León|Castille-et-León|Castilla y León
ESP|Castilla-La Mancha|Castille-La Manche|Castilla-La Mancha
ESP|Canary Islands|Canaries|Canarias|Kanarische Inseln|îles Canaries|Islas Canarias
ESP|Balearic Islands|Baléares|Baleares|Balearen|Islas Baleares
ITA|Lombardy|Lombardie|Lombardía|Lombardei|Lombardia
ITA|Piedmont|Piémont|Piamonte|Piemont
ITA|Veneto|Vénétie|Véneto|Venetien
ITA|Tuscany|Toscane|Toscana|Toskana
ITA|Sicily|Sicile|Sicilia|Sizilien
ITA|Sardinia|Sardaigne|Cerdeña|Sardinien|Sardegna
ITA|Campania|Campanie|Kampanien
ITA|Calabria|Calabre|Kalabrien
ITA|Apulia|Pouilles|Apulien|Puglia
ITA|Emilia-Romagna|Émilie-Romagne|Emilia-Romaña
ITA|Lazio|Latium|Lacio
ITA|Liguria|Ligurie|Ligurien
ITA|Friuli-Venezia Giulia|Frioul-Vénétie julienne|Friuli
ITA|Trentino-Alto Adige|Trentin-Haut-Adige|Südtirol|South Tyrol|Tyrol du Sud
ITA|Umbria|Ombrie|Umbrien
ITA|Abruzzo|Abruzzes|Abruzos|Abruzzen
ITA|Aosta Valley|Val d'Aoste|Valle de Aosta|Aostatal
CAN|Quebec|Québec|Quebec
CAN|Ontario|Ontario
CAN|Alberta|Alberta
CAN|British Columbia|Colombie-Britannique|Columbia Británica|Britisch-Kolumbien
CAN|Manitoba|Manitoba
CAN|Saskatchewan|Saskatchewan
CAN|Nova Scotia|Nouvelle-Écosse|Nueva Escocia
CAN|New Brunswick|Nouveau-Brunswick|Nuevo Brunswick
CAN|Newfoundland and Labrador|Terre-Neuve-et-Labrador|Newfoundland|Terre-Neuve
ZAF|KwaZulu-Natal|KwaZulu-Natal|KZN
ZAF|Gauteng|Gauteng
ZAF|Western Cape|Cap-Occidental|Cabo Occidental|Westkap
ZAF|Eastern Cape|Cap-Oriental|Cabo Oriental|Ostkap
ZAF|Limpopo|Limpopo
ZAF|Mpumalanga|Mpumalanga
ZAF|Free State|État-Libre|Estado Libre
USA|Arizona|Arizona
USA|Nevada|Nevada
USA|Ohio|Ohio
USA|Michigan|Michigan
USA|Pennsylvania|Pennsylvanie|Pensilvania|Pennsylvanien
USA|Wisconsin|Wisconsin
USA|Minnesota|Minnesota
USA|Iowa|Iowa
USA|Illinois|Illinois
USA|Indiana|Indiana
USA|Kentucky|Kentucky
USA|Tennessee|Tennessee
USA|Alabama|Alabama
USA|Louisiana|Louisiane|Luisiana
USA|Arkansas|Arkansas
USA|Missouri|Missouri
USA|Oklahoma|Oklahoma
USA|Kansas|Kansas
USA|Nebraska|Nebraska
USA|Colorado|Colorado
USA|Utah|Utah
USA|New Mexico|Nouveau-Mexique|Nuevo México
USA|Oregon|Oregon
USA|Idaho|Idaho
USA|Montana|Montana
USA|Wyoming|Wyoming
USA|North Carolina|Caroline du Nord|Carolina del Norte|Nord-Carolina
USA|South Carolina|Caroline du Sud|Carolina del Sur|Süd-Carolina
USA|Virginia|Virginie|Virginia
USA|West Virginia|Virginie-Occidentale|Virginia Occidental
USA|Maryland|Maryland
USA|New Jersey|New Jersey
USA|Connecticut|Connecticut
USA|Massachusetts|Massachusetts
USA|Vermont|Vermont
USA|New Hampshire|New Hampshire
USA|Rhode Island|Rhode Island
USA|North Dakota|Dakota du Nord|Dakota del Norte
USA|South Dakota|Dakota du Sud|Dakota del Sur"""
import re, unicodedata
import os
p = os.path.join(os.path.dirname(__file__), "..", "data", "kb", "places.tsv")
text = open(p, encoding="utf-8").read()
have = {l.split("\t")[0] for l in text.split("\n") if l and not l.startswith("#")}
def slug(s):
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return "R-" + re.sub(r"[^A-Z0-9]+", "-", s.upper()).strip("-")
out = ["# First-level divisions of some states (facts; en, fr, then other spellings): places in their country, never its government."]
n = 0
for r in rows.split("\n"):
    c, en, fr, *rest = r.split("|")
    id_ = slug(en)
    if id_ in have:
        continue
    aliases = [a for a in rest if a not in (en, fr)]
    out.append("\t".join([id_, "", "region", c, c, en, fr, "|".join(dict.fromkeys(aliases))]))
    n += 1
if n == 0:
    raise SystemExit("0 regions added")
if not text.endswith("\n"):
    text += "\n"
open(p, "w", encoding="utf-8").write(text + "\n".join(out) + "\n")
print(n, "regions added")
