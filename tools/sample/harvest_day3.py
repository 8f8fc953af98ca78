"""Werkdag 3, 7 november 2018: structuur en bouwstenen van het plan (invented contributions)."""
from .harvest import I, session

TITLE = "Oogst werkdag 3 – 7 november 2018 (fictieve gegevens)"

SESSIONS = [
    session("Bouwstenen", "Doel en doelgroep",
        I("PL", "voorstel", "ov:inl", "Het plan opent met de gedeelde ambitie: niemand hoeft in Amsterdam op "
          "straat te slapen, en iedereen werkt aan een toekomst."),
        I("VW", "voorstel", "ov:doel", "Beschrijf de doelgroep in positieve termen: mensen zonder verblijfsrecht "
          "die in Amsterdam verblijven en willen werken aan een oplossing."),
        I("IND", "zorg", "do:doel", "Omschrijf de doelgroep zo dat er geen aanzuigende werking ontstaat vanuit "
          "andere gemeenten.", "Het plan richt zich op mensen met een band met Amsterdam; een minimale "
          "verblijfsduur in de stad als toegangseis is niet opgenomen.", d="breed",
          note="navragen bij IND waarop dit signaal is gebaseerd"),
        I("WAH", "zorg", "ov:doel", "Ook wie al jaren buiten het systeem leeft, moet welkom zijn zonder eerst "
          "zijn hele verleden te hoeven verantwoorden."),
        I("ACR", "voorstel", "va", "Verbreed de doelgroep naar EU-burgers zonder recht op voorzieningen die in "
          "Amsterdam op straat leven.", "EU-burgers vallen onder de maatschappelijke opvang; hoe die aansluit "
          "op dit plan, wordt apart uitgewerkt.", d="breed", k="nee"),
        I("GGD", "idee", "ov:doel", "Noem in de beschrijving van de doelgroep dat een aanzienlijk deel "
          "gezondheidsproblemen heeft die direct aandacht vragen."),
        I("DTV", "voorstel", "no", "Stel als doel dat de helft van de bewoners binnen achttien maanden "
          "vertrekt.", "Het plan noemt geen streefcijfer voor vertrek; het zoekt voor iedere bewoner een "
          "reële uitweg, en verwacht dat ongeveer een vijfde een verblijfsvergunning krijgt.",
          d="minderheid", note="DT&V-vertegenwoordiger zei dit hoger op te zullen agenderen"),
        I("PL", "idee", "sv:eigenplan", "Het doel per bewoner: binnen achttien maanden een duurzame oplossing, "
          "uitgewerkt in een eigen toekomstplan."),
    ),
    session("Bouwstenen", "Opvang en locaties",
        I("HVO", "voorstel", "ov:opv", "Open de eerste locaties op 1 juli 2019 en breid daarna stap voor stap "
          "uit tot 500 plaatsen."),
        I("LdH", "zorg", "ov:opv", "Niet elke locatie hoeft hetzelfde te zijn, maar de kwaliteitseisen moeten "
          "overal gelijk zijn."),
        I("POL", "voorstel", "ov:opv", "Stel per locatie een beheerplan op met afspraken over veiligheid, "
          "huisregels en het contact met de buurt."),
        I("VW", "voorstel", "ov:opv", "Begeleid de overstap van de huidige nachtopvang naar de nieuwe locaties "
          "per bewoner, zonder dat iemand tussendoor op straat staat."),
        I("WAH", "idee", "sv:huisregels", "Bewoners stellen samen met de beheerder de huisregels op en passen ze "
          "elk halfjaar aan."),
        I("ACR", "zorg", "do:opv", "Tijdelijke panden die steeds wisselen, ondermijnen de rust; zorg dat de "
          "locaties over achttien maanden nog bestaan.", "De meeste panden worden voor ten minste drie jaar "
          "gehuurd; enkele locaties zijn tijdelijk.", d="breed"),
        I("GGD", "voorstel", "ov:opv", "Hygiëne-eisen voor elke locatie, met een jaarlijkse inspectie door de "
          "GGD."),
        I("WH", "vraag", "ov:sam", "Hoe blijven de locaties bereikbaar voor vrijwilligers en organisaties die "
          "de bewoners al kennen?"),
        I("PL", "voorstel", "ov:opv", "Verdeel de 500 plaatsen over acht à tien locaties van 30 tot 80 "
          "plaatsen, verspreid over de stadsdelen."),
    ),
    session("Bouwstenen", "Begeleiding en perspectief",
        I("VW", "voorstel", "ov:beg", "Schrijf in het plan dat de casemanager dezelfde blijft, van de intake "
          "tot het vertrek uit de opvang."),
        I("ASKV", "voorstel", "ov:beg", "Begroot de juridische ondersteuning apart, zodat die niet wegvalt als "
          "het geld voor begeleiding krap wordt."),
        I("DTV", "voorstel", "do:beg", "Neem in elk toekomstplan een scenario voor terugkeer op, ook als de "
          "bewoner eerst voor verblijf gaat.", "Het toekomstplan beschrijft alle drie de uitwegen; de "
          "bewoner bepaalt met de casemanager de volgorde.", d="verdeeld"),
        I("WAH", "voorstel", "ov:beg", "Zet tolken in bij alle belangrijke gesprekken, ook bij de intake en bij "
          "het juridische advies."),
        I("WH", "idee", "ov:beg", "Laat ervaringsdeskundigen, mensen die zelf zonder papieren hebben geleefd, "
          "meewerken als maatje of gastvrouw."),
        I("RK", "voorstel", "sv:intake", "Een vast programma voor de eerste weken: kennismaking, medische check, "
          "juridisch gesprek en een eerste gesprek over de toekomst."),
        I("IND", "idee", "ov:beg", "Laat de IND op de locaties voorlichting geven over wat wel en niet kansrijk "
          "is bij een nieuwe aanvraag.", d="breed"),
        I("HVO", "zorg", "do:beg", "Een caseload van 25 is alleen haalbaar als administratie en regelwerk bij "
          "anderen liggen.", "Er komt administratieve ondersteuning per locatie; of dat genoeg is, wordt na "
          "een halfjaar bekeken."),
        I("PL", "voorstel", "ov:beg", "Dagbesteding is geen bijzaak: elke bewoner heeft een weekprogramma met "
          "les, werk of vrijwilligerswerk."),
    ),
    session("Bouwstenen", "Samenwerking met ketenpartners",
        I("PL", "voorstel", "ov:sam", "Leg de afspraken met IND, DT&V en politie vast in één convenant dat ook "
          "voor bewoners leesbaar is."),
        I("IND", "voorstel", "do:sam", "Spreek een termijn af waarbinnen de IND beslist op een herhaalde "
          "aanvraag uit de opvang.", "De IND zegt snelle behandeling van volledige dossiers toe; een vaste "
          "termijn kan zij niet garanderen.", d="breed",
          note="termijn navragen bij de IND-unit herhaalde aanvragen"),
        I("POL", "voorstel", "ov:sam", "Een vaste wijkagent per locatie als aanspreekpunt voor bewoners en "
          "beheerders."),
        I("DTV", "vraag", "ov:sam", "Wie informeert DT&V als een bewoner zelf kiest voor terugkeer, en hoe snel "
          "kan dan een reis worden geregeld?"),
        I("ASKV", "voorstel", "sv:gegevens", "Neem in het convenant op dat gegevens alleen met schriftelijke "
          "toestemming van de bewoner worden gedeeld."),
        I("VW", "idee", "ov:sam", "Houd de organisaties van de werkdagen ook na de start betrokken via een "
          "klankbordgroep."),
        I("ACR", "voorstel", "va", "Vraag het Rijk om bewoners tijdens hun verblijf in de opvang een tijdelijke "
          "verblijfsstatus te geven.", "Alleen het Rijk kan hierover besluiten; het verzoek gaat mee naar "
          "het bestuurlijk overleg over de landelijke voorziening.", k="nee"),
        I("GGD", "voorstel", "ov:sam", "Maak afspraken met zorgverzekeraars en het CAK over de vergoeding van "
          "zorg voor onverzekerbare vreemdelingen."),
    ),
    session("Bouwstenen", "Zelfbeheer en leefgeld",
        I("PL", "voorstel", "ov:zelf", "Zelfbeheer groeit mee met de bewoner, van samen koken tot zelfstandig "
          "wonen."),
        I("HVO", "voorstel", "ov:zelf", "Betaal het leefgeld wekelijks uit op een betaalkaart, zodat niemand "
          "contant geld hoeft te bewaren.", d="breed"),
        I("RK", "idee", "do:zelf", "Zorg dat de betaalkaart ook werkt in buurtwinkels en op de markt.",
          "De betaalkaart werkt bij de meeste supermarkten en winkels; op markten is betalen ermee nog niet "
          "mogelijk."),
        I("WAH", "voorstel", "do:zelf", "Een bewonersraad per locatie met echte zeggenschap over het geld voor "
          "activiteiten.", "De bewonersraad beslist over het activiteitenbudget; over de rest van de "
          "exploitatie adviseert zij."),
        I("LdH", "zorg", "ov:zelf", "Niet iedereen kan meteen zelf rondkomen; bied in de eerste weken nog "
          "maaltijden aan."),
        I("ACR", "zorg", "do:zelf", "Een leefgeld onder het bestaansminimum houdt mensen afhankelijk van de "
          "voedselbank.", "Bewoners krijgen hulp bij het budgetteren en worden gewezen op aanvullende hulp; "
          "het leefgeld blijft op het niveau van de pilot."),
        I("VW", "idee", "va", "Regel via afspraken met een bank een eenvoudige betaalrekening voor bewoners.",
          "Een betaalrekening voor mensen zonder verblijfsrecht vraagt afspraken met banken en toezichthouder; "
          "de gemeente verkent dit in 2019.", note="navragen bij afdeling Armoede welke bank al meedenkt"),
        I("GGD", "zorg", "ov:opv", "Gedeelde keukens vragen om duidelijke afspraken over hygiëne en "
          "voedselveiligheid."),
    ),
    session("Bouwstenen", "Kwetsbare groepen",
        I("ASKV", "voorstel", "do:kwet", "Een aparte, kleine locatie of afdeling voor LHBTIQ+-bewoners.",
          "Er komt een kleine, afgescheiden afdeling binnen een bestaande locatie, geen aparte locatie."),
        I("DvdW", "voorstel", "ov:kwet", "Een verpleegkundige die wekelijks alle locaties bezoekt en bewoners "
          "met een chronische ziekte volgt."),
        I("LdH", "voorstel", "ov:kwet", "Plaats kwetsbare personen met voorrang, ook als er een wachtlijst is."),
        I("RK", "idee", "ov:kwet", "Psychosociale steun na traumatische ervaringen, in groepen en individueel, "
          "met getrainde vrijwilligers."),
        I("VW", "zorg", "va", "Maak de verblijfsduur van achttien maanden flexibel voor zeer kwetsbare mensen "
          "in een medische noodsituatie.", "De verblijfsduur is een vast kader; voor medische noodsituaties "
          "wordt een uitzonderingsregeling onderzocht.", k="nee"),
        I("GGD", "idee", "ov:kwet", "Train alle begeleiders in het herkennen van psychische nood en "
          "suïcidaliteit."),
        I("POL", "zorg", "do:kwet", "Bewoners die slachtoffer zijn van een misdrijf, moeten aangifte kunnen "
          "doen zonder angst voor gevolgen voor hun verblijf.", "De politie past de landelijke regeling voor "
          "veilige aangifte toe; verdergaande afspraken zijn aan het Rijk."),
    ),
    session("Bouwstenen", "Monitoring en evaluatie",
        I("HVO", "voorstel", "sv:uitstroom", "Registreer per bewoner waar hij naartoe gaat: verblijfsvergunning, "
          "terugkeer, doormigratie of onbekend."),
        I("PL", "voorstel", "ov:mon", "Evalueer na een jaar samen met bewoners en organisaties, en stel het "
          "plan zo nodig bij."),
        I("LdH", "voorstel", "do:mon", "Organiseer elk halfjaar een terugkomdag met de deelnemers van de "
          "werkdagen.", "Er komt een terugkomdag per jaar, niet per halfjaar, naast de klankbordgroep."),
        I("GGD", "voorstel", "ov:mon", "Neem gezondheid op in de monitor, bijvoorbeeld of bewoners een huisarts "
          "hebben en hoe het met hun psychisch welzijn gaat."),
        I("IND", "vraag", "ov:mon", "Welke gegevens deelt de gemeente met het Rijk voor de landelijke evaluatie "
          "van de pilot?"),
        I("ACR", "idee", "do:mon", "Laat de evaluatie uitvoeren door een onafhankelijke partij, zoals een "
          "universiteit.", "Een onafhankelijk onderzoeksbureau voert de eindevaluatie uit; de tussentijdse "
          "monitoring doet de gemeente zelf."),
        I("WAH", "voorstel", "ov:mon", "Vraag bewoners zelf hoe het gaat, anoniem en in hun eigen taal."),
        I("VW", "voorstel", "ov:mon", "Rapporteer elk halfjaar aan de gemeenteraad over bezetting, uitstroom en "
          "knelpunten."),
    ),
    session("Plenaire afronding", "Prioriteiten en vervolg",
        I("PL", "voorstel", "ov:inl", "Het concept gaat naar alle deelnemers, met bij elke inbreng wat ermee is "
          "gedaan."),
        I("PL", "zorg", "sv:na18", "Het gesprek over mensen die na achttien maanden geen uitweg hebben, is "
          "nog niet af."),
        I("PL", "idee", "ov:sam", "De klankbordgroep van organisaties en bewoners komt voor het eerst bijeen "
          "vóór de opening van de eerste locatie."),
        I("DvdW", "zorg", "va", "De toegang tot zorg voor ongedocumenteerden buiten de opvang verdient een eigen "
          "plan.", "Dit valt buiten het uitvoeringsplan; de gemeente neemt het mee in het programma voor "
          "onverzekerde zorg.", note="koppelen aan het programma zorg voor onverzekerden"),
        I("IND", "idee", "ov:mon", "Evalueer de samenwerking met de IND na zes maanden apart, zodat knelpunten "
          "snel boven tafel komen."),
        I("WAH", "zorg", "no", "Stel het plan pas vast als alle bewoners van de huidige opvang er een plek in "
          "hebben.", "De besluitvorming volgt het afgesproken tijdpad; de overstap van de huidige bewoners "
          "is in het plan geregeld.", d="verdeeld"),
        I("DTV", "voorstel", "va", "Maak vervolgafspraken over mensen die de opvang meermaals verlaten en "
          "terugkomen.", "Hoe vaak dit voorkomt, is nog onbekend; het onderwerp komt terug na de eerste "
          "monitor."),
    ),
]
