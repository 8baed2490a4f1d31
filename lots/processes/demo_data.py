"""Fictional processes and routines for the demo municipality, loosely after the services the seeds describe.

PROCESSES: key, name, kind, unit codes, owner, parent key, purpose, starts with, ends with,
activities [(name, responsible role, description)], collaboration [(partner, kind, purpose, agreement, step)],
state ("established", "draft" or "changed": established and then changed again).
ROUTINES: title, unit codes, owner, [(process key, step number)], acknowledgement share, versions [(text, summary)],
and whether a new draft is left open for comparison.
"""

C, M, S = "core", "management", "support"
EXT, INT = "external", "internal"

PROCESSES = [
    (
        "myndighet-barn",
        "Myndighetsutövning barn och unga",
        C,
        ["myndighet"],
        "avdchef-myndighet",
        None,
        "Att barn och unga som behöver skydd eller stöd får det, rättssäkert och med barnets bästa i centrum.",
        "En ansökan, anmälan eller annan information kommer in",
        "Beviljade insatser är uppföljda och avslutade",
        [
            (
                "Mottagning",
                "Socialsekreterare i mottagningen",
                "Ta emot, bedöma skyddsbehov och avgöra om utredning ska inledas.",
            ),
            ("Utredning", "Utredande socialsekreterare", "Utreda barnets behov enligt BBIC."),
            ("Beslut", "Enhetschef eller utskott enligt delegation", "Beslut om insats eller om att utredningen läggs ner."),
            ("Uppföljning av insatser", "Barnhandläggare", "Följa upp att insatsen ges och ger avsett resultat."),
        ],
        [
            (
                "Skola och förskola",
                EXT,
                "Information om barnets situation och gemensam planering",
                "Lokal samverkansöverenskommelse",
                1,
            )
        ],
        "established",
    ),
    (
        "mottagning-barn",
        "Mottagning barn och unga",
        C,
        ["mottagning"],
        "verksamhetsledare",
        "myndighet-barn",
        "Att varje orosanmälan och ansökan som rör barn och unga bedöms snabbt och att barn i akut fara skyddas samma dag.",
        "En orosanmälan eller ansökan kommer in",
        "Beslut om att inleda eller inte inleda utredning",
        [
            (
                "Aktualisering",
                "Socialsekreterare i mottagningen",
                "Anmälan eller ansökan registreras och aktualiseras samma dag.",
            ),
            ("Förhandsbedömning", "Socialsekreterare i mottagningen", "Bedömning om utredning ska inledas, inom 14 dagar."),
            ("Skyddsbedömning", "Socialsekreterare och verksamhetsledare", "Omedelbar bedömning av om barnet behöver skydd."),
            (
                "Beslut om att inleda utredning",
                "Verksamhetsledare enligt delegation",
                "Beslut dokumenteras och vårdnadshavare informeras.",
            ),
        ],
        [
            ("Polisen", EXT, "Skyddsbedömning när brott mot barn misstänks", "Rutin för samråd med polis och barnahus", 3),
            ("Barnahus", EXT, "Samråd vid misstanke om våld eller övergrepp mot barn", "Överenskommelse om barnahus", 3),
            ("Skola och elevhälsa", EXT, "Kompletterande uppgifter vid förhandsbedömning", "", 2),
        ],
        "established",
    ),
    (
        "utredning-barn",
        "Utredning barn och unga",
        C,
        ["utredning-barn"],
        "enhetschef",
        "myndighet-barn",
        "Att barnets behov utreds allsidigt, med barnets egen röst, och att beslut fattas inom fyra månader.",
        "Beslut om att inleda utredning",
        "Beslut om insats eller om att utredningen avslutas",
        [
            ("Utredningsplan", "Utredande socialsekreterare", "Planera utredningen tillsammans med familjen."),
            ("Samtal med barnet", "Utredande socialsekreterare", "Barnets synpunkter efter ålder och mognad."),
            (
                "Hembesök och nätverkskontakter",
                "Utredande socialsekreterare",
                "Kontakter med skola, hälso- och sjukvård med samtycke.",
            ),
            ("Analys och bedömning", "Utredande socialsekreterare", "Bedömning enligt BBIC-triangeln."),
            ("Kommunicering", "Utredande socialsekreterare", "Vårdnadshavare och barn får ta del av underlaget."),
            ("Beslut", "Enhetschef eller utskott enligt delegation", "Beslut med motivering och information om överklagande."),
        ],
        [("Barn- och ungdomspsykiatrin", EXT, "Bedömning av barnets psykiska hälsa", "Regional överenskommelse", 3)],
        "changed",
    ),
    (
        "familjehem",
        "Placering i familjehem",
        C,
        ["familjehem"],
        "ec-buf",
        "myndighet-barn",
        "Att placerade barn får en trygg och stabil vård och att vården följs upp och prövas regelbundet.",
        "Beslut om vård i familjehem",
        "Vården upphör och barnet flyttar hem eller vidare",
        [
            ("Matchning", "Familjehemssekreterare", "Hitta ett utrett familjehem som passar barnets behov."),
            ("Avtal och placering", "Familjehemssekreterare", "Avtal med familjehemmet och introduktion av barnet."),
            ("Besök var tredje månad", "Barnhandläggare", "Barnet träffas enskilt minst var tredje månad."),
            ("Övervägande var sjätte månad", "Barnhandläggare", "Nämnden överväger om vården ska fortsätta."),
            ("Avslut", "Barnhandläggare", "Planering inför hemflytt eller annan placering."),
        ],
        [("Familjehemmet", EXT, "Handledning och stöd", "Familjehemsavtal", 2)],
        "established",
    ),
    (
        "utredning-vuxna",
        "Utredning vuxna",
        C,
        ["utredning-vuxna"],
        "enhetschef",
        None,
        "Att vuxna med missbruk, våldsutsatthet eller andra svårigheter får en individuell bedömning och rätt insats.",
        "Ansökan eller anmälan om en vuxen",
        "Beslut om insats",
        [
            ("Förhandsbedömning", "Vuxenutredare", "Bedöm om utredning ska inledas."),
            ("Utredning med ASI", "Vuxenutredare", "Strukturerad intervju och kontakter med samtycke."),
            ("Beslut", "Enhetschef enligt delegation", "Beslut om bistånd."),
            ("Uppföljning", "Vuxenutredare", "Följ upp insatsen och klientens mål."),
        ],
        [("Beroendecentrum i regionen", EXT, "Samordnad individuell plan", "Överenskommelse om SIP", 4)],
        "established",
    ),
    (
        "lvm",
        "Ansökan om vård enligt LVM",
        C,
        ["utredning-vuxna"],
        "enhetschef",
        "utredning-vuxna",
        "Att tvångsvård prövas när ett allvarligt missbruk sätter livet i fara och frivilliga insatser inte räcker.",
        "Anmälan enligt LVM",
        "Förvaltningsrättens dom är verkställd",
        [
            ("Anmälan och förhandsbedömning", "Vuxenutredare", "Bedöm om LVM-utredning ska inledas."),
            ("Utredning", "Vuxenutredare", "Läkarintyg och utredning inom lagens tidsfrister."),
            ("Ansökan till förvaltningsrätten", "Enhetschef", "Ansökan med utredning."),
            ("Förhandling", "Vuxenutredare", "Företräda nämnden i förvaltningsrätten."),
            ("Verkställighet", "Vuxenutredare", "Samordna transport och placering med SiS."),
        ],
        [("Polisen", EXT, "Handräckning vid verkställighet", "", 5), ("Statens institutionsstyrelse", EXT, "Placering", "", 5)],
        "draft",
    ),
    (
        "ekonomiskt-bistand",
        "Handläggning av ekonomiskt bistånd",
        C,
        ["ekonomiskt-bistand"],
        "ec-ekonomi",
        None,
        "Att den som söker försörjningsstöd får ett rättssäkert beslut och stöd mot egen försörjning.",
        "Ansökan om ekonomiskt bistånd",
        "Beslut och utbetalning, plan mot egen försörjning",
        [
            ("Ansökan", "Handläggare", "Ansökan tas emot digitalt eller på papper."),
            ("Utredning", "Handläggare", "Kontroll av inkomster, tillgångar och behov."),
            ("Beslut", "Handläggare enligt delegation", "Beslut med motivering."),
            ("Utbetalning", "Handläggare", "Utbetalning inom fem arbetsdagar."),
            ("Planering mot självförsörjning", "Handläggare", "Plan tillsammans med arbetsmarknadsenheten."),
        ],
        [("Arbetsförmedlingen", EXT, "Planering mot arbete", "Lokal överenskommelse", 5)],
        "established",
    ),
    (
        "sociala-kontrakt",
        "Sociala kontrakt och träningsboende",
        C,
        ["sociala-kontrakt", "boendecoacher"],
        "ec-boenden",
        None,
        "Att den som inte kan få bostad på den öppna marknaden får ett boende med stöd och en väg till eget kontrakt.",
        "Ansökan om bostad med socialt kontrakt",
        "Eget förstahandskontrakt eller avslutat stöd",
        [
            ("Utredning", "Socialsekreterare sociala kontrakt", "Utred behov och förutsättningar."),
            ("Beslut och kontrakt", "Enhetschef", "Kontrakt med hyresvärden."),
            ("Boendestöd", "Boendecoach", "Regelbundna hembesök med ADL-stöd."),
            ("Uppföljning", "Socialsekreterare sociala kontrakt", "Uppföljning var tredje månad."),
        ],
        [("Bostadsbolaget", EXT, "Kontrakt och störningsärenden", "Ramavtal om sociala kontrakt", 2)],
        "established",
    ),
    (
        "budget-skuld",
        "Budget- och skuldrådgivning",
        C,
        ["budget-skuld"],
        "ec-boenden",
        None,
        "Att skuldsatta personer får överblick över sin ekonomi och stöd till en hållbar plan.",
        "Den enskilde söker rådgivning",
        "En plan är upprättad eller ansökan om skuldsanering är gjord",
        [
            ("Första samtal", "Budget- och skuldrådgivare", "Kartlägg inkomster, utgifter och skulder."),
            ("Budget och plan", "Budget- och skuldrådgivare", "Upprätta budget och prioritera skulder."),
            ("Stöd vid skuldsanering", "Budget- och skuldrådgivare", "Hjälp med ansökan till Kronofogden."),
        ],
        [("Kronofogdemyndigheten", EXT, "Skuldsanering", "", 3)],
        "established",
    ),
    (
        "familjeratt",
        "Familjerättsliga utredningar",
        C,
        ["familjeratt"],
        "ec-buf",
        None,
        "Att tingsrätten får allsidiga underlag om vårdnad, boende och umgänge med barnets bästa i fokus.",
        "Uppdrag från tingsrätten",
        "Yttrande till tingsrätten",
        [
            ("Snabbupplysning", "Familjerättssekreterare", "Upplysningar inom två veckor."),
            ("Utredning", "Familjerättssekreterare", "Samtal med föräldrar och barn."),
            ("Yttrande", "Familjerättssekreterare", "Yttrande med förslag till tingsrätten."),
        ],
        [("Tingsrätten", EXT, "Uppdrag och yttranden", "", 1)],
        "established",
    ),
    (
        "ensamkommande",
        "Mottagande av ensamkommande barn",
        C,
        ["ensamkommande"],
        "ec-buf",
        None,
        "Att barn som kommer utan vårdnadshavare får boende, god man, skola och hälsoundersökning.",
        "Anvisning från Migrationsverket",
        "Barnet fyller 18 eller flyttar",
        [
            ("Anvisning", "Socialsekreterare", "Ta emot barnet och ordna boende samma dag."),
            ("Utredning", "Socialsekreterare", "Utred barnets behov."),
            ("Placering", "Socialsekreterare", "Familjehem eller HVB."),
            ("Uppföljning", "Socialsekreterare", "Besök och överväganden enligt lag."),
        ],
        [("Migrationsverket", EXT, "Anvisning och asylprocess", "", 1), ("Överförmyndaren", EXT, "God man", "", 1)],
        "draft",
    ),
    (
        "oppenvard-barn",
        "Öppenvård barn och familj",
        C,
        ["barn-familj"],
        "ec-oppna",
        None,
        "Att familjer får tidigt stöd på hemmaplan så att barn mår bra och placeringar undviks.",
        "Uppdrag från utredande socialsekreterare eller egen ansökan om serviceinsats",
        "Insatsen är avslutad och utvärderad",
        [
            ("Uppdrag", "Behandlare", "Ta emot uppdraget och boka första möte."),
            ("Kartläggning", "Behandlare", "Kartlägg familjens behov och resurser."),
            ("Genomförandeplan", "Behandlare", "Mål och delmål tillsammans med familjen."),
            ("Behandling", "Behandlare", "Samtal och föräldrastöd enligt plan."),
            ("Uppföljning och avslut", "Behandlare", "Utvärdera målen och rapportera till uppdragsgivaren."),
        ],
        [("Utredande socialsekreterare", INT, "Uppdrag och återrapportering", "Rutin för uppdrag till öppenvården", 1)],
        "established",
    ),
    (
        "vald",
        "Stöd vid våld i nära relationer",
        C,
        ["vald-nara"],
        "ec-oppna",
        None,
        "Att den som utsätts för våld får skydd, stöd och hjälp att bryta våldet.",
        "Den enskilde söker stöd eller anmälan kommer in",
        "Den enskilde har ett hållbart skydd och stöd",
        [
            ("Första kontakt", "Socionom", "Bemöt och bedöm akut skyddsbehov."),
            ("Riskbedömning", "Socionom", "Strukturerad riskbedömning."),
            ("Skydd och stöd", "Socionom", "Skyddat boende, stödsamtal, kontakt med polis."),
            ("Uppföljning", "Socionom", "Följ upp skydd och behov."),
        ],
        [("Polisen", EXT, "Anmälan och skydd", "", 3), ("Kvinnojouren", EXT, "Skyddat boende", "Avtal om skyddat boende", 3)],
        "established",
    ),
    (
        "missbruk",
        "Missbruksvård – behandling i grupp",
        C,
        ["missbruk"],
        "ec-oppna",
        None,
        "Att vuxna med beroende får behandling nära hemmet och stöd till ett liv utan missbruk.",
        "Beslut om insats eller egen ansökan",
        "Avslutad behandling med eftervård",
        [
            ("Bedömning", "Behandlare", "Bedömning av behov och motivation."),
            ("Behandling i grupp", "Behandlare", "Tolvstegsbehandling i grupp."),
            ("Anhörigstöd", "Behandlare", "Stöd till anhöriga."),
            ("Eftervård", "Behandlare", "Stöd efter avslutad behandling."),
        ],
        [],
        "established",
    ),
    (
        "hvb",
        "Inskrivning och behandling på HVB",
        C,
        ["kollektivet", "vallmovillan"],
        "ec-kollektivet",
        None,
        "Att ungdomar som placeras på HVB får trygghet, struktur och behandling enligt sin plan.",
        "Placeringsbeslut från socialtjänsten",
        "Utskrivning till familj, familjehem eller eget boende",
        [
            ("Inskrivning", "Behandlingsassistent", "Inskrivningssamtal och genomgång av regler."),
            ("Behandlingsplan", "Kontaktperson på HVB", "Plan utifrån vårdplanen."),
            ("Vardag och behandling", "Behandlingsassistenter", "Skola, fritid och behandlande samtal."),
            ("Utskrivning", "Föreståndare", "Planering inför utskrivning med socialtjänsten."),
        ],
        [("Placerande socialtjänst", INT, "Vårdplan och uppföljning", "", 2), ("Skolan", EXT, "Skolgång", "", 3)],
        "established",
    ),
    (
        "synpunkter",
        "Synpunkter och klagomål",
        M,
        ["socialforvaltning"],
        "ec-staben",
        None,
        "Att synpunkter och klagomål tas emot, besvaras inom 14 dagar och används för att förbättra verksamheten.",
        "En synpunkt eller ett klagomål kommer in",
        "Svar lämnat och åtgärd vid behov",
        [
            ("Ta emot och registrera", "Registrator", "Registreras samma dag."),
            ("Utreda", "Enhetschef", "Ta reda på vad som hänt."),
            ("Besvara inom 14 dagar", "Enhetschef", "Svar till den som lämnat synpunkten."),
            ("Sammanställa och analysera", "Kvalitetsutvecklare", "Mönster och trender minst en gång per år."),
        ],
        [],
        "established",
    ),
    (
        "lex-sarah",
        "Rapportering och utredning enligt lex Sarah",
        M,
        ["socialforvaltning"],
        "forvaltningschef",
        None,
        "Att missförhållanden rapporteras genast, utreds och avhjälps, och att allvarliga missförhållanden anmäls till IVO.",
        "En medarbetare rapporterar ett missförhållande eller en påtaglig risk",
        "Åtgärdsplan och vid behov anmälan till IVO",
        [
            ("Rapport", "Medarbetare", "Rapportera genast till enhetschefen."),
            ("Omedelbara åtgärder", "Enhetschef", "Åtgärda det som behövs för den enskilde."),
            ("Utredning", "Utredare på uppdrag av avdelningschef", "Utred orsaker och åtgärder."),
            ("Bedömning", "Förvaltningschef", "Bedöm om missförhållandet är allvarligt."),
            ("Anmälan till IVO", "Förvaltningschef", "Anmälan snarast vid allvarligt missförhållande."),
        ],
        [("IVO", EXT, "Anmälan av allvarliga missförhållanden", "", 5)],
        "established",
    ),
    (
        "riskanalys",
        "Riskanalys inför budget",
        M,
        ["socialforvaltning"],
        "forvaltningschef",
        None,
        "Att varje avdelning minst en gång per år analyserar risker med klientperspektiv inför budgetarbetet.",
        "Planerings- och budgetprocessen startar",
        "Konsekvensbeskrivning i budgetskrivelsen",
        [
            ("Identifiera risker", "Avdelningschef", "Besvara frågorna om uppdrag, processer och vad som inte får hända."),
            ("Värdera risker", "Avdelningschef", "Allvarlighetsgrad gånger sannolikhet."),
            ("Åtgärdsförslag", "Avdelningschef", "Förslag till åtgärder och ansvariga."),
            ("Konsekvensbeskrivning", "Förvaltningschef", "Sammanställning till budgetskrivelsen."),
        ],
        [],
        "draft",
    ),
    (
        "introduktion",
        "Introduktion av nya medarbetare",
        S,
        ["socialforvaltning"],
        "ec-staben",
        None,
        "Att nya medarbetare får en trygg start och kan sina rutiner, sin tystnadsplikt och ledningssystemet.",
        "Anställningsbeslut",
        "Introduktionen är avslutad och utvärderad",
        [
            ("Rekrytering", "Enhetschef", "Utdrag ur belastningsregistret visas före anställning."),
            ("Första dagen", "Enhetschef", "Tystnadsförbindelse undertecknas, behörigheter ordnas."),
            ("Introduktionsprogram", "Handledare", "Rutiner, processer och ledningssystemet."),
            ("Uppföljning", "Enhetschef", "Uppföljningssamtal efter tre månader."),
        ],
        [],
        "established",
    ),
    (
        "kvalitetsberattelse",
        "Kvalitetsberättelse och årlig uppföljning",
        M,
        ["staben"],
        "kvalitet",
        None,
        "Att nämnden varje år får en samlad bild av kvaliteten och av förbättringsarbetet.",
        "Årets sammanställningar är klara",
        "Nämnden har behandlat kvalitetsberättelsen",
        [
            ("Samla underlag", "Kvalitetsutvecklare", "Avvikelser, klagomål, egenkontroller och riskanalyser."),
            ("Analysera", "Kvalitetsutvecklare", "Mönster, trender och resultat för kvinnor och män, flickor och pojkar."),
            ("Skriva kvalitetsberättelsen", "Kvalitetsutvecklare", "Utkast till förvaltningschefen."),
            ("Beslut och redovisning", "Förvaltningschef", "Redovisas för nämnden med årsredovisningen."),
        ],
        [],
        "established",
    ),
]


def _text(purpose: str, steps: list[str], extra: str = "") -> str:
    lines = ["## Syfte", purpose, "", "## Så gör du"]
    lines += [f"{n}. {step}" for n, step in enumerate(steps, start=1)]
    if extra:
        lines += ["", "## Att tänka på", extra]
    return "\n".join(lines)


ROUTINES = [
    (
        "Mottagande och registrering av orosanmälan",
        ["mottagning"],
        "verksamhetsledare",
        [("mottagning-barn", 1)],
        0.8,
        [
            (
                _text(
                    "Varje orosanmälan om ett barn ska registreras och bedömas samma dag som den kommer in.",
                    [
                        "Registrera anmälan i verksamhetssystemet samma dag.",
                        "Läs anmälan tillsammans med en kollega.",
                        "Gör en skyddsbedömning direkt.",
                        "Bekräfta till anmälaren att anmälan är mottagen, om anmälaren är känd.",
                    ],
                    "Anmälan från yrkesverksamma får inte vara anonym. Muntliga anmälningar dokumenteras ordagrant.",
                ),
                "",
            )
        ],
        False,
    ),
    (
        "Skyddsbedömning samma dag",
        ["mottagning"],
        "verksamhetsledare",
        [("mottagning-barn", 3)],
        0.6,
        [
            (
                _text(
                    "Ett barn som kan vara i akut fara ska skyddas utan dröjsmål.",
                    [
                        "Gör skyddsbedömningen senast inom 24 timmar.",
                        "Använd mallen för skyddsbedömning.",
                        "Stäm av med verksamhetsledaren.",
                        "Dokumentera bedömningen i journalen.",
                    ],
                ),
                "",
            ),
            (
                _text(
                    "Ett barn som kan vara i akut fara ska skyddas utan dröjsmål.",
                    [
                        "Gör skyddsbedömningen samma dag som anmälan kommer in.",
                        "Använd mallen för skyddsbedömning.",
                        "Stäm av med verksamhetsledaren eller, efter kontorstid, med socialjouren.",
                        "Dokumentera bedömningen i journalen samma dag.",
                    ],
                    "Vid misstanke om brott mot barnet: kontakta polis och barnahus innan föräldrarna informeras.",
                ),
                "Skyddsbedömningen görs samma dag; samråd med polis och barnahus vid misstanke om brott.",
            ),
        ],
        False,
    ),
    (
        "Förhandsbedömning inom 14 dagar",
        ["mottagning"],
        "verksamhetsledare",
        [("mottagning-barn", 2)],
        0.5,
        [
            (
                _text(
                    "Beslut om att inleda eller inte inleda utredning fattas inom 14 dagar från att anmälan kom in.",
                    [
                        "Hämta in kompletterande uppgifter från anmälaren.",
                        "Samtala med vårdnadshavare och barn.",
                        "Bedöm om det finns skäl att inleda utredning.",
                        "Fatta beslut och informera vårdnadshavare.",
                    ],
                    "Om tiden behöver förlängas dokumenteras skälen.",
                ),
                "",
            )
        ],
        True,
    ),
    (
        "Samtal med barn",
        ["utredning-barn"],
        "enhetschef",
        [("utredning-barn", 2)],
        0.5,
        [
            (
                _text(
                    "Barnets egen berättelse och synpunkter ska finnas med i varje utredning.",
                    [
                        "Planera samtalet utifrån barnets ålder och mognad.",
                        "Informera barnet om varför ni träffas.",
                        "Låt barnet berätta med egna ord.",
                        "Dokumentera barnets synpunkter och vad du har sett.",
                    ],
                    "Från 15 år för barnet sin egen talan.",
                ),
                "",
            )
        ],
        False,
    ),
    (
        "Dokumentation enligt BBIC",
        ["bistand-buv"],
        "enhetschef",
        [("utredning-barn", 4), ("myndighet-barn", 2)],
        0.7,
        [
            (
                _text(
                    "Utredningar som rör barn dokumenteras enligt BBIC så att barnets behov blir tydliga.",
                    [
                        "Använd BBIC-triangelns områden.",
                        "Skilj på fakta, barnets och förälderns uppfattning och din bedömning.",
                        "Skriv så att familjen kan förstå texten.",
                    ],
                ),
                "",
            )
        ],
        False,
    ),
    (
        "Kommunicering inför beslut",
        ["myndighet"],
        "avdchef-myndighet",
        [("utredning-barn", 5), ("ekonomiskt-bistand", 3)],
        0.4,
        [
            (
                _text(
                    "Den enskilde ska få ta del av det som tillförts ärendet innan beslut fattas (förvaltningslagen 25 §).",
                    [
                        "Skicka eller lämna underlaget.",
                        "Ange en skälig tid för att lämna synpunkter.",
                        "Dokumentera att kommunicering skett och vad som sagts.",
                    ],
                ),
                "",
            )
        ],
        False,
    ),
    (
        "Besök hos placerade barn",
        ["familjehem"],
        "ec-buf",
        [("familjehem", 3)],
        0.9,
        [
            (
                _text(
                    "Placerade barn ska träffas regelbundet så att vi vet hur barnet har det.",
                    [
                        "Besök barnet minst var tredje månad.",
                        "Träffa barnet enskilt om barnet vill.",
                        "Dokumentera besöket och barnets synpunkter.",
                    ],
                ),
                "",
            )
        ],
        False,
    ),
    (
        "Övervägande och omprövning var sjätte månad",
        ["familjehem"],
        "ec-buf",
        [("familjehem", 4)],
        0.6,
        [
            (
                _text(
                    "Nämnden ska minst var sjätte månad överväga om vården fortfarande behövs.",
                    [
                        "Boka övervägandet i god tid.",
                        "Sammanställ barnets situation och synpunkter.",
                        "Lägg fram förslag till beslut till utskottet.",
                    ],
                ),
                "",
            )
        ],
        False,
    ),
    (
        "ASI-intervju i utredning",
        ["utredning-vuxna"],
        "enhetschef",
        [("utredning-vuxna", 2)],
        1.0,
        [
            (
                _text(
                    "ASI ger en strukturerad bild av den enskildes situation och gör uppföljning möjlig.",
                    [
                        "Erbjud ASI-intervju i alla missbruksutredningar.",
                        "Genomför intervjun enligt manualen.",
                        "Gör en uppföljningsintervju efter sex månader.",
                    ],
                ),
                "",
            )
        ],
        False,
    ),
    (
        "Akut ekonomiskt bistånd",
        ["ekonomiskt-bistand"],
        "ec-ekonomi",
        [("ekonomiskt-bistand", 2)],
        0.5,
        [
            (
                _text(
                    "Den som saknar pengar till mat eller boende i dag ska få en bedömning samma dag.",
                    [
                        "Gör en akut bedömning av behovet.",
                        "Bevilja vid behov bistånd till livsmedel.",
                        "Boka tid för en fullständig ansökan.",
                    ],
                ),
                "",
            )
        ],
        False,
    ),
    (
        "Förmedling av egna medel",
        ["ekonomiskt-bistand"],
        "ec-ekonomi",
        [],
        0.3,
        [
            (
                _text(
                    "Förmedling av egna medel är ett frivilligt stöd där den enskildes pengar hanteras tryggt och spårbart.",
                    [
                        "Saldot får aldrig bli negativt.",
                        "Vid ett överskott över 15 procent av prisbasbeloppet: hjälp personen att öppna ett bankkonto.",
                        "Vid långvarigt behov eller stort överskott: överväg att anmäla behov av god man.",
                    ],
                ),
                "",
            )
        ],
        False,
    ),
    (
        "Hembesök för boendestöd",
        ["boendecoacher"],
        "ec-boenden",
        [("sociala-kontrakt", 3)],
        0.5,
        [
            (
                _text(
                    "Boendestödet ska hjälpa den enskilde att klara ett eget boende.",
                    [
                        "Besök den enskilde enligt genomförandeplanen.",
                        "Arbeta med ADL-coaching.",
                        "Rapportera störningar till utredaren.",
                    ],
                ),
                "",
            )
        ],
        False,
    ),
    (
        "Samtycke i serviceinsatser",
        ["oppna-insatser"],
        "ec-oppna",
        [("oppenvard-barn", 1)],
        0.6,
        [
            (
                _text(
                    "Personuppgifter om deltagare i serviceinsatser får bara behandlas med uttryckligt samtycke.",
                    [
                        "Informera om vad som dokumenteras och varför.",
                        "Hämta in skriftligt samtycke.",
                        "Avsluta insatsen och gör en anmälan om behovet kräver individuell bedömning.",
                    ],
                ),
                "",
            )
        ],
        False,
    ),
    (
        "Riskbedömning vid våld i nära relationer",
        ["vald-nara"],
        "ec-oppna",
        [("vald", 2)],
        0.7,
        [
            (
                _text(
                    "Risken för nytt våld ska bedömas strukturerat så att skyddet blir rätt.",
                    [
                        "Gör riskbedömningen vid första kontakten.",
                        "Använd det strukturerade bedömningsstödet.",
                        "Gör en ny bedömning när situationen ändras.",
                    ],
                ),
                "",
            )
        ],
        False,
    ),
    (
        "Hot och våld mot personal",
        ["socialforvaltning"],
        "forvaltningschef",
        [],
        0.4,
        [
            (
                _text(
                    "Medarbetare ska veta hur de förebygger och hanterar hot och våld.",
                    [
                        "Gör en riskbedömning inför hembesök.",
                        "Gå aldrig ensam på hembesök vid känd risk.",
                        "Rapportera händelsen som arbetsskada och tillbud.",
                        "Chefen erbjuder stödsamtal samma dag.",
                    ],
                ),
                "",
            )
        ],
        False,
    ),
    (
        "Inskrivning på HVB",
        ["kollektivet", "vallmovillan"],
        "ec-kollektivet",
        [("hvb", 1)],
        0.8,
        [
            (
                _text(
                    "Ungdomen ska känna sig välkommen och veta vad som gäller.",
                    [
                        "Ta emot ungdomen tillsammans med socialsekreteraren.",
                        "Gå igenom husets regler och rättigheter.",
                        "Utse en kontaktperson.",
                        "Boka första planeringsmöte inom två veckor.",
                    ],
                ),
                "",
            )
        ],
        False,
    ),
    (
        "Rymning och avvikelse från HVB",
        ["kollektivet", "vallmovillan"],
        "ec-kollektivet",
        [("hvb", 3)],
        0.6,
        [
            (
                _text(
                    "När en ungdom inte kommer tillbaka ska rätt personer informeras direkt.",
                    [
                        "Försök nå ungdomen.",
                        "Informera placerande socialtjänst och vårdnadshavare.",
                        "Anmäl till polisen enligt överenskommelse.",
                        "Dokumentera händelsen.",
                    ],
                ),
                "",
            )
        ],
        False,
    ),
    (
        "Ta emot och besvara synpunkter och klagomål",
        ["socialforvaltning"],
        "ec-staben",
        [("synpunkter", 1), ("synpunkter", 3)],
        0.5,
        [
            (
                _text(
                    "Alla kan lämna synpunkter, skriftligt eller muntligt, och få svar inom 14 dagar.",
                    [
                        "Registrera synpunkten samma dag.",
                        "Skicka den till berörd enhetschef.",
                        "Besvara inom 14 dagar.",
                        "Beskriver klagomålet ett missförhållande: gör en lex Sarah-rapport.",
                    ],
                ),
                "",
            )
        ],
        False,
    ),
    (
        "Rapportera missförhållanden enligt lex Sarah",
        ["socialforvaltning"],
        "forvaltningschef",
        [("lex-sarah", 1)],
        0.55,
        [
            (
                _text(
                    "Alla som arbetar i socialtjänsten ska rapportera missförhållanden och påtagliga risker "
                    "för missförhållanden.",
                    [
                        "Rapportera till din enhetschef.",
                        "Använd blanketten för lex Sarah-rapport.",
                        "Rapportera även om du är osäker.",
                    ],
                ),
                "",
            ),
            (
                _text(
                    "Alla som arbetar i socialtjänsten ska genast rapportera missförhållanden och påtagliga "
                    "risker för missförhållanden.",
                    [
                        "Rapportera genast till din enhetschef, muntligt och i Lots.",
                        "Rapportera även om du är osäker.",
                        "Du rapporterar internt, aldrig direkt till IVO.",
                    ],
                    "Rapporteringen gäller oberoende av vad den enskilde tycker.",
                ),
                "Rapporten görs i Lots; förtydligat att medarbetare rapporterar internt.",
            ),
        ],
        False,
    ),
    (
        "Utredning av lex Sarah-rapport",
        ["staben"],
        "kvalitet",
        [("lex-sarah", 3)],
        0.5,
        [
            (
                _text(
                    "Varje rapport utreds utan dröjsmål så att missförhållandet kan avhjälpas och inte upprepas.",
                    [
                        "Utse utredare på uppdrag av avdelningschefen.",
                        "Beskriv vad som hänt, när och var, och vem som berördes.",
                        "Låt den enskilde komma till tals.",
                        "Föreslå åtgärder och bedöm om missförhållandet är allvarligt.",
                    ],
                ),
                "",
            )
        ],
        False,
    ),
    (
        "Tystnadsplikt och sekretess",
        ["socialforvaltning"],
        "forvaltningschef",
        [("introduktion", 2)],
        0.75,
        [
            (
                _text(
                    "Uppgifter om enskildas personliga förhållanden omfattas av sekretess (OSL 26 kap. 1 §).",
                    [
                        "Läs bara de uppgifter du behöver i ditt arbete.",
                        "Lämna ut uppgifter bara efter sekretessprövning.",
                        "Underteckna tystnadsförbindelsen vid anställning.",
                    ],
                ),
                "",
            )
        ],
        False,
    ),
    (
        "Introduktion av nyanställda",
        ["socialforvaltning"],
        "ec-staben",
        [("introduktion", 3)],
        0.35,
        [
            (
                _text(
                    "Nya medarbetare ska få en planerad introduktion.",
                    ["Utse en handledare.", "Gå igenom ledningssystemet och enhetens rutiner.", "Följ upp efter tre månader."],
                ),
                "",
            )
        ],
        True,
    ),
    (
        "Beredskap utanför kontorstid",
        ["bistand-buv"],
        "enhetschef",
        [],
        0.6,
        [
            (
                _text(
                    "Det ska alltid finnas en socialsekreterare som kan hantera akuta ärenden, främst om barns skydd.",
                    ["Följ beredskapsschemat.", "Dokumentera alla ärenden nästa arbetsdag.", "Lämna över till mottagningen."],
                ),
                "",
            )
        ],
        False,
    ),
]

DRAFT_ADDITION = "\n\n## Uppföljning\nVerksamhetsledaren följer varje månad upp hur många bedömningar som blev klara i tid."


# Each routine documents its collaboration (Katrineholm §1.1): with whom [(partner, kind, purpose, agreement)], or,
# for the routines missing here, ROUTINE_NO_COLLABORATION says why none is needed.
ROUTINE_COLLABORATION = {
    "Mottagande och registrering av orosanmälan": [
        ("Skolan och förskolan", EXT, "Återkoppling till anmälaren", "Samverkansöverenskommelse barn och unga"),
        ("Polisen", EXT, "Anmälningar om barn som far illa i samband med brott", ""),
    ],
    "Skyddsbedömning samma dag": [
        ("Socialjouren", INT, "Skyddsbedömningar som inte hinns med under dagen", "Rutin för överlämning till jouren"),
    ],
    "Samtal med barn": [("Barnahus", EXT, "Samtal med barn vid misstanke om brott", "Överenskommelse om Barnahus")],
    "Besök hos placerade barn": [("Familjehem och HVB", EXT, "Planering av besöken", "Uppdragsavtal")],
    "ASI-intervju i utredning": [("Beroendevården i regionen", EXT, "Samordnad individuell plan", "Länsöverenskommelse om SIP")],
    "Akut ekonomiskt bistånd": [("Socialjouren", INT, "Nödprövning utanför kontorstid", "Rutin för överlämning till jouren")],
    "Förmedling av egna medel": [("Överförmyndaren", EXT, "När en god man eller förvaltare behövs", "")],
    "Hembesök för boendestöd": [("Hemsjukvården", EXT, "Läkemedel och hälsa hos den enskilde", "SIP vid behov")],
    "Riskbedömning vid våld i nära relationer": [
        ("Polisen", EXT, "Skydd och riskbedömning", "Samverkansöverenskommelse våld i nära relationer"),
        ("Kvinnojouren", EXT, "Skyddat boende och stöd", "Idéburet offentligt partnerskap"),
    ],
    "Hot och våld mot personal": [("HR-avdelningen och skyddsombud", INT, "Arbetsmiljöanmälan och uppföljning", "")],
    "Inskrivning på HVB": [("Placerande socialtjänst", EXT, "Vårdplan och genomförandeplan", "Uppdragsavtal")],
    "Rymning och avvikelse från HVB": [
        ("Polisen", EXT, "Efterlysning när den unge avvikit", ""),
        ("Placerande socialtjänst", EXT, "Underrättelse samma dag", "Uppdragsavtal"),
    ],
    "Ta emot och besvara synpunkter och klagomål": [
        ("Kommunens registratur", INT, "Registrering och diarieföring av klagomål", "Dokumenthanteringsplan"),
    ],
    "Utredning av lex Sarah-rapport": [("IVO", EXT, "Anmälan av allvarliga missförhållanden", "")],
    "Beredskap utanför kontorstid": [("Socialjouren", INT, "Ärenden som inte kan vänta till nästa vardag", "Jouravtal")],
}
ROUTINE_NO_COLLABORATION = "Rutinen gäller arbetet inom enheten; ingen annan part medverkar."
