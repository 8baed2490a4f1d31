"""The default catalogue of work-environment tasks, in the wording of AFS 2001:1 (systematiskt arbetsmiljöarbete)
and the provisions it points to, and the default text on how tasks are returned (Katrineholm §6.5)."""

from django.utils.translation import gettext_lazy as _

# (title, description, basis)
DEFAULT_TASKS = [
    (
        "Undersöka arbetsförhållandena och bedöma riskerna",
        "Regelbundet undersöka arbetsförhållandena och bedöma riskerna för att någon kan drabbas av ohälsa eller "
        "olycksfall i arbetet, också inför ändringar i verksamheten.",
        "AFS 2001:1 8 §",
    ),
    (
        "Åtgärda risker och upprätta handlingsplan",
        "Genast vidta de åtgärder som behövs för att förebygga ohälsa och olycksfall; det som inte genomförs genast "
        "förs in i en skriftlig handlingsplan med vem som ansvarar och när det ska vara klart.",
        "AFS 2001:1 10 §",
    ),
    (
        "Kontrollera genomförda åtgärder",
        "Kontrollera att åtgärderna genomförs och följa upp att de har avsedd effekt.",
        "AFS 2001:1 10 §",
    ),
    (
        "Skyddsronder och arbetsplatsträffar",
        "Genomföra skyddsronder och ta upp arbetsmiljön på arbetsplatsträffar, i samverkan med skyddsombud och medarbetare.",
        "AFS 2001:1 4 §",
    ),
    (
        "Utreda ohälsa, olycksfall och tillbud",
        "Utreda ohälsa, olycksfall och allvarliga tillbud i arbetet, och anmäla allvarliga olyckor och tillbud till "
        "Arbetsmiljöverket.",
        "AFS 2001:1 9 §, AML 3 kap. 3 a §",
    ),
    (
        "Kunskaper och instruktioner till medarbetarna",
        "Se till att medarbetarna har tillräckliga kunskaper om riskerna i arbetet och skriftliga instruktioner där "
        "riskerna är allvarliga.",
        "AFS 2001:1 7 §",
    ),
    (
        "Organisatorisk och social arbetsmiljö",
        "Förebygga ohälsosam arbetsbelastning, ohälsosamma arbetstider och kränkande särbehandling.",
        "AFS 2015:4",
    ),
    (
        "Hot och våld samt ensamarbete",
        "Bedöma risken för hot och våld och för ensamarbete, och ha rutiner och larm för det.",
        "AFS 1993:2, AFS 1982:3",
    ),
    (
        "Arbetsanpassning och rehabilitering",
        "Anpassa arbetet efter medarbetarnas förutsättningar och genomföra arbetsinriktad rehabilitering.",
        "AML 3 kap. 2 a §, AFS 2020:5",
    ),
    (
        "Årlig uppföljning av arbetsmiljöarbetet",
        "Följa upp det systematiska arbetsmiljöarbetet varje år och förbättra det som inte fungerar.",
        "AFS 2001:1 11 §",
    ),
    (
        "Företagshälsovård",
        "Anlita företagshälsovård när kompetensen i den egna verksamheten inte räcker.",
        "AFS 2001:1 12 §",
    ),
]

DEFAULT_RETURN_PROCEDURE = _(
    "Mottagande chef returnerar skriftligen i Lots, en eller flera uppgifter, till delegerande chef om hen inte har "
    "rätt erfarenhet för uppgiften, inte har fått utbildning i arbetsmiljöfrågor, inte får personella och ekonomiska "
    "resurser för att kunna ta ansvaret eller inte har den självständiga ställning som krävs för att fatta egna beslut "
    "i arbetsmiljöfrågor. Returneringen avslutar inte delegeringen; delegerande chef svarar skriftligen med vad som "
    "görs. Delegeringen kan inte avböjas, eftersom arbetsmiljöuppgifterna ingår i chefsuppdraget."
)
