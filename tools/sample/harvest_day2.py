"""Werkdag 2, 1 november 2018: verdieping per thema (invented contributions)."""
from .harvest import I, session

TITLE = "Oogst werkdag 2 – 1 november 2018 (fictieve gegevens)"

SESSIONS = [
    session("Ronde 1", "Intake en toegang",
        I("VW", "voorstel", "ov:doel", "Een uitgebreide intake van twee tot vier weken vóór plaatsing, zodat "
          "begeleider en bewoner samen de situatie in kaart brengen.", key="intake"),
        I("HVO", "idee", "sv:intake", "Laat de intake plaatsvinden op een aparte instroomlocatie, zodat "
          "nieuwkomers niet meteen tussen mensen in een heel andere fase terechtkomen."),
        I("IND", "voorstel", "do:doel", "Betrek de IND al bij de intake, zodat direct duidelijk is welke "
          "procedures lopen of nog mogelijk zijn.", "De IND levert op verzoek dossierinformatie aan; een "
          "IND-medewerker zit niet standaard bij het intakegesprek.", d="breed",
          note="IND-contactpersoon wisselt per 1 januari; nieuwe naam opvragen"),
        I("WAH", "zorg", "ov:doel", "Een intake mag geen verhoor worden. Mensen vertellen pas iets als ze weten "
          "dat het niet tegen hen wordt gebruikt.", key="verhoor"),
        I("ASKV", "voorstel", "sv:verhoor", "Leg vast welke informatie uit de intake met wie wordt gedeeld, en "
          "vraag daar schriftelijk toestemming voor."),
        I("DTV", "voorstel", "no", "Sluit mensen uit van opvang als zij bij de intake weigeren mee te werken "
          "aan een vertrekgesprek.", "Toegang hangt niet af van de bereidheid tot een vertrekgesprek; wel "
          "werkt iedere bewoner mee aan een van de drie uitwegen.", d="minderheid"),
        I("GGD", "idee", "ov:kwet", "Voeg een medische en psychische screening door de GGD toe aan de intake, "
          "met toestemming van de bewoner."),
        I("PL", "voorstel", "ov:doel", "Eén centraal loket voor aanmelding, bereikbaar voor verwijzers én voor "
          "mensen die zichzelf melden."),
        I("LdH", "vraag", "do:doel", "Wat gebeurt er met mensen die zich melden als alle 500 plaatsen bezet "
          "zijn?", "Er komt een wachtlijst met voorrang voor kwetsbare personen; een noodvoorziening buiten "
          "de 500 plaatsen is niet opgenomen."),
        I("WH", "zorg", "do:doel", "Veel mensen durven zich niet bij een gemeentelijk loket te melden, uit "
          "angst om te worden opgepakt.", "Aanmelden kan ook via een vertrouwde organisatie; helemaal "
          "anoniem blijven is bij een plaatsing niet mogelijk."),
    ),
    session("Ronde 1", "Begeleiding en perspectief",
        I("VW", "voorstel", "ov:beg", "Iedere bewoner krijgt een vaste casemanager, met hooguit 25 bewoners "
          "per casemanager.", key="casemanager"),
        I("HVO", "voorstel", "sv:casemanager", "Eén begeleider per bewoner die het hele traject meeloopt, ook "
          "als iemand naar een andere locatie verhuist."),
        I("DTV", "idee", "ov:beg", "Maak informatie over ondersteuning bij terugkeer gewoon beschikbaar, zonder "
          "druk, naast de andere mogelijkheden."),
        I("RK", "idee", "ov:beg", "Via het opsporingsprogramma van het Rode Kruis kan contact met familie "
          "worden hersteld; dat opent soms een weg naar terugkeer of gezinshereniging."),
        I("WH", "voorstel", "ov:beg", "Leer bewoners vakken die ook in het land van herkomst bruikbaar zijn, "
          "zoals fietsen repareren, naaien of computerbeheer."),
        I("ASKV", "zorg", "do:beg", "Doormigratie naar een ander land wordt vaak vergeten als uitweg; "
          "begeleiders weten er te weinig van.", "Doormigratie is als derde uitweg opgenomen; de kennis "
          "wordt ingehuurd bij gespecialiseerde organisaties in plaats van bij elke begeleider opgebouwd."),
        I("WAH", "zorg", "ov:beg", "Begeleiders moeten onze talen spreken of een tolk kunnen inzetten; nu gaat "
          "veel verloren in de vertaling.", key="tolk"),
        I("IND", "vraag", "ov:beg", "Welke gegevens heeft een begeleider nodig om met de bewoner in te schatten "
          "of een nieuwe aanvraag kans maakt?"),
        I("PL", "idee", "ov:beg", "Perspectief betekent verblijf, terugkeer of doormigratie; de bewoner kiest "
          "niet alleen, maar krijgt hulp om een reële keuze te maken."),
        I("LdH", "zorg", "sv:na18", "Wie na achttien maanden nog geen uitweg heeft, dreigt opnieuw op straat "
          "te belanden; daar hoort een vangnet bij."),
    ),
    session("Ronde 1", "Juridische ondersteuning",
        I("ASKV", "voorstel", "sv:screening", "Laat een advocaat elk dossier opnieuw doorlichten: in onze "
          "ervaring biedt een op de vijf dossiers nog kansen."),
        I("VW", "voorstel", "ov:beg", "Zorg voor een vaste groep vreemdelingenadvocaten die tegen een "
          "vergoeding werken, zodat niemand afhangt van toevallige vrijwilligers."),
        I("IND", "idee", "ov:sam", "De IND kan aanvragen uit de Amsterdamse opvang met voorrang behandelen als "
          "het dossier volledig wordt aangeleverd.", d="breed"),
        I("ACR", "voorstel", "do:beg", "Vergoed de kosten van documenten die nodig zijn voor een nieuwe "
          "aanvraag, zoals paspoorten en vertaalde aktes.", "Documentkosten worden vergoed tot een maximum "
          "per bewoner uit het budget voor juridische ondersteuning; leges van de IND vallen erbuiten.",
          note="maximum per bewoner nog afstemmen met Financiën"),
        I("DvdW", "idee", "ov:kwet", "Medische rapportages voor een aanvraag op medische gronden moeten op tijd "
          "worden aangevraagd; dat vraagt samenwerking tussen arts en advocaat."),
        I("WAH", "zorg", "ov:beg", "Wij krijgen vaak tegenstrijdig advies van verschillende vrijwilligers. Eén "
          "juridisch aanspreekpunt zou veel onrust wegnemen."),
        I("DTV", "vraag", "ov:beg", "Kan uit de juridische screening ook blijken dat er geen kansen meer zijn, "
          "en wordt dat dan eerlijk met de bewoner besproken?"),
        I("PL", "voorstel", "ov:beg", "Eén juridisch dossier per bewoner, dat advocaat en casemanager met "
          "toestemming van de bewoner kunnen inzien."),
        I("ACR", "idee", "no", "Start samen met de organisaties een proefprocedure over het recht op opvang.",
          "Een proefprocedure is aan de organisaties zelf; de gemeente is binnen dit plan geen procespartij.",
          d="minderheid"),
    ),
    session("Ronde 2", "Locaties en wonen",
        I("HVO", "voorstel", "ov:opv", "Twee personen per kamer met elk een afsluitbare kast, en een gedeelde "
          "keuken en badkamer per groep van acht tot tien mensen."),
        I("LdH", "voorstel", "ov:opv", "Houd de locaties de hele dag open; de regel dat iedereen om negen uur "
          "naar buiten moet, moet verdwijnen.", key="24uur"),
        I("WAH", "voorstel", "sv:24uur", "Niet meer om negen uur buiten staan. Een huis is een huis, ook "
          "overdag."),
        I("POL", "zorg", "ov:opv", "Kies niet alle locaties in dezelfde stadsdelen; spreiding voorkomt dat één "
          "buurt alle druk draagt."),
        I("GGD", "idee", "ov:opv", "Let bij de keuze van panden op ventilatie en voldoende sanitair; op de "
          "huidige locaties zagen we schurft en luchtweginfecties."),
        I("WH", "idee", "do:opv", "Zoek locaties dicht bij het openbaar vervoer en bij de plekken waar bewoners "
          "overdag naartoe gaan.", "Bereikbaarheid met het openbaar vervoer is een eis; nabijheid van "
          "bepaalde organisaties niet, omdat het aanbod aan panden beperkt is."),
        I("VW", "vraag", "ov:opv", "Hoe worden omwonenden geïnformeerd voordat een locatie opengaat, en wie is "
          "daarna hun aanspreekpunt?"),
        I("ACR", "voorstel", "va", "Stel leegstaande gemeentelijke panden ook open voor mensen die buiten de "
          "500 plaatsen vallen.", "Dit valt buiten het kader van 500 plaatsen; hoe leegstand kan worden "
          "benut, gaat mee naar het vervolgoverleg.", d="breed", k="nee"),
        I("PL", "idee", "ov:opv", "Een mix van woonvormen: kleine units voor wie zelfstandig is, groepswonen "
          "met begeleiding en enkele plekken met zorg rond de klok."),
        I("DTV", "voorstel", "no", "Breng de opvang onder op een of twee grote locaties; dat maakt het contact "
          "met de diensten eenvoudiger.", "Het plan kiest voor kleinschalige locaties verspreid over de "
          "stad, zoals de meeste deelnemers bepleitten.", d="minderheid",
          note="DT&V dringt hier sterk op aan; terugkoppelen via het directeurenoverleg"),
    ),
    session("Ronde 2", "Zelfbeheer en leefgeld",
        I("VW", "voorstel", "ov:zelf", "Geef leefgeld in plaats van maaltijden, zodat mensen zelf boodschappen "
          "doen en koken.", key="leefgeld"),
        I("WAH", "voorstel", "sv:leefgeld", "Zelf koken geeft ons waardigheid; maaltijden op vaste tijden "
          "voelen als een instelling."),
        I("HVO", "zorg", "do:zelf", "Een leefgeld van ongeveer 450 euro per maand, zoals in de pilot, is een "
          "goed vertrekpunt, maar in een gedeelde woning zijn de kosten lager.", "Het leefgeld volgt de "
          "bedragen uit de pilot, met een lagere bijdrage waar voorzieningen worden gedeeld.", d="breed",
          note="bedragen pilot controleren bij Werk, Participatie en Inkomen"),
        I("ACR", "voorstel", "va", "Leefgeld op bijstandsniveau, omdat iedereen in de stad recht heeft op een "
          "bestaansminimum.", "Leefgeld op bijstandsniveau past niet in het budget; de hoogte van het "
          "leefgeld wordt na een jaar geëvalueerd.", d="verdeeld", k="nee", key="bijstand"),
        I("LdH", "idee", "ov:zelf", "Laat bewoners als onderdeel van het zelfbeheer taken in huis op zich nemen, "
          "zoals schoonmaak, de was en het beheer van de voorraad."),
        I("WH", "zorg", "ov:zelf", "Contant geld maakt mensen kwetsbaar voor diefstal en afpersing; zorg voor "
          "een veilige manier van uitbetalen."),
        I("PL", "voorstel", "ov:zelf", "Zelfbeheer in stappen: eerst samen koken en een bewonersraad, later "
          "zelfstandig wonen met woonbegeleiding."),
        I("DvdW", "vraag", "do:zelf", "Kunnen bewoners die om medische redenen een dieet volgen, een aanvulling "
          "op het leefgeld krijgen?", "Een medisch dieet wordt vergoed via de zorgregeling, niet via een "
          "toeslag op het leefgeld."),
        I("RK", "idee", "ov:zelf", "Budgetcursussen in de eigen taal, zodat mensen leren rondkomen van een "
          "klein bedrag."),
    ),
    session("Ronde 2", "Kwetsbare groepen",
        I("LdH", "voorstel", "sv:vrouwen", "Een aparte locatie voor vrouwen, met vrouwelijke begeleiders en een "
          "eigen ingang."),
        I("ASKV", "zorg", "ov:kwet", "LHBTIQ+-bewoners worden in gemengde opvang vaak lastiggevallen; zij hebben "
          "een veilige plek nodig."),
        I("VW", "voorstel", "ov:kwet", "Jongeren die zeggen minderjarig te zijn maar door de IND als meerderjarig "
          "zijn aangemerkt, horen niet tussen volwassen mannen te slapen."),
        I("DvdW", "voorstel", "ov:kwet", "Plekken met verpleegkundige zorg voor mensen die herstellen van een "
          "operatie of ernstig ziek zijn."),
        I("GGD", "voorstel", "do:kwet", "Een klein aantal plekken met toezicht dag en nacht voor mensen met "
          "ernstige psychiatrische problemen.", "Er komen plekken met extra begeleiding; voor zware "
          "psychiatrie wordt doorverwezen naar de reguliere GGZ."),
        I("RK", "zorg", "ov:kwet", "Slachtoffers van mensenhandel durven vaak geen aangifte te doen; zij hebben "
          "eerst een plek nodig om tot rust te komen."),
        I("POL", "idee", "ov:sam", "Signalen van uitbuiting moeten snel bij het team mensenhandel van de "
          "politie komen, via een vaste contactpersoon."),
        I("WAH", "zorg", "ov:kwet", "De ouderen onder ons kunnen slecht traplopen en hebben rust nodig; leg hen "
          "niet in een stapelbed."),
        I("PL", "voorstel", "ov:kwet", "Voor kwetsbare groepen kleine units van tien tot vijftien plaatsen, met "
          "gespecialiseerde begeleiding."),
        I("HVO", "vraag", "ov:doel", "Wie bepaalt of iemand als kwetsbaar geldt, en aan de hand van welke "
          "criteria?"),
    ),
    session("Ronde 3", "Samenwerking in de keten",
        I("IND", "voorstel", "do:sam", "Maandelijks overleg tussen gemeente, IND en DT&V over bewoners bij wie "
          "een beslissing nadert.", "Het overleg komt er, maar eens per kwartaal en alleen over bewoners "
          "die daarvoor toestemming geven."),
        I("DTV", "voorstel", "do:sam", "Geef DT&V een vaste werkplek op de locaties, zodat bewoners zonder "
          "drempel informatie over terugkeer kunnen vragen.", "DT&V houdt op afspraak spreekuur op een "
          "centrale plek; een vaste werkplek op de locaties stuitte op bezwaren van bewoners.",
          d="minderheid", note="bewoners reageerden fel in de sessie; zorgvuldig formuleren in het concept"),
        I("ASKV", "zorg", "ov:sam", "Gegevens uit de begeleiding mogen niet zonder toestemming naar de IND of "
          "DT&V; anders haken mensen af.", key="gegevens"),
        I("WAH", "zorg", "sv:gegevens", "Als alles wat we vertellen bij de IND belandt, vertellen we niets "
          "meer."),
        I("POL", "vraag", "do:sam", "Mag de politie op een locatie komen om iemand op te halen voor uitzetting?",
          "Het plan gaat uit van geen vreemdelingentoezicht op de locaties, tenzij er een strafrechtelijke "
          "aanleiding is; de precieze afspraken volgen in een convenant.", d="verdeeld",
          note="formulering afstemmen met politie en OM"),
        I("VW", "idee", "ov:sam", "Stel een convenant op tussen gemeente, Rijk en organisaties, met afspraken "
          "over rollen en het delen van informatie."),
        I("GGD", "idee", "ov:sam", "Zorg dat huisartsen, GGZ en ziekenhuizen weten hoe zij de opvang bereiken "
          "als zij een patiënt willen overdragen."),
        I("PL", "voorstel", "ov:sam", "Een regiegroep van alle ketenpartners die elk kwartaal de knelpunten "
          "bespreekt en oplost."),
    ),
]
