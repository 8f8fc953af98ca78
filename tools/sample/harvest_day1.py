"""Werkdag 1, 31 oktober 2018: terugblik, trends en toekomstbeelden (invented contributions)."""
from .harvest import I, session

TITLE = "Oogst werkdag 1 – 31 oktober 2018 (fictieve gegevens)"

SESSIONS = [
    session("Ochtend: terugblik", "Terugblik op de bed-bad-broodopvang",
        I("VW", "zorg", "ov:inl", "De bed-bad-broodopvang dwingt mensen elke ochtend om negen uur de straat op; "
          "daardoor gaat de dag op aan overleven in plaats van werken aan een toekomst.", key="straat"),
        I("LdH", "idee", "ov:opv", "Houd vast aan wat in de nachtopvang goed werkte: een vaste slaapplek en "
          "medewerkers die bewoners bij naam kennen."),
        I("WAH", "zorg", "ov:inl", "Wij zijn jarenlang van kraakpand naar kraakpand getrokken. Zonder vast adres "
          "lukt het niet om een nieuwe procedure voor te bereiden."),
        I("HVO", "zorg", "do:opv", "Grote locaties met honderd of meer mensen leveren onrust en conflicten op; "
          "medewerkers komen dan niet toe aan echte begeleiding.",
          "Kleinschalige locaties van 30 tot 80 plaatsen zijn opgenomen; een harde bovengrens per locatie niet, "
          "omdat het aanbod aan geschikte panden dat nog niet toelaat."),
        I("DvdW", "zorg", "ov:kwet", "Veel mensen in de nachtopvang hebben onbehandelde psychische klachten, en "
          "het gebrek aan rust overdag maakt die klachten erger."),
        I("ASKV", "vraag", "ov:inl", "Waarom is de opvang tot nu toe ingericht als noodvoorziening en niet als "
          "traject met een begin en een eind?"),
        I("RK", "idee", "ov:beg", "Vrijwilligers die wekelijks op een vaste avond langskomen, geven bewoners "
          "houvast; dat hebben wij in de nachtopvang vaak gezien."),
        I("WH", "zorg", "sv:straat", "Mensen zwerven overdag door de stad met al hun bezittingen in een tas. Dat "
          "is vernederend en uitputtend."),
        I("PL", "idee", "ov:inl", "De groep trekt drie lessen: opvang alleen is niet genoeg, perspectief hoort "
          "vanaf de eerste dag centraal te staan, en organisaties moeten elkaars rol kennen."),
        I("IND", "vraag", "ov:sam", "Hoe hoort de IND op tijd welke bewoners nieuwe feiten hebben die een "
          "herhaalde aanvraag kunnen dragen?", note="navragen bij IND of er al een vast aanspreekpunt is"),
        I("DTV", "zorg", "do:beg", "Gesprekken over terugkeer kwamen vaak pas na maanden op gang, als het "
          "vertrouwen al weg was.", "Terugkeer wordt vanaf de intake besproken als een van de mogelijke "
          "uitwegen; een vaste termijn voor het eerste vertrekgesprek is niet opgenomen.", d="breed"),
        I("POL", "zorg", "ov:opv", "Rond twee nachtopvanglocaties kwamen 's ochtends meldingen van overlast "
          "binnen; de buurt was vooraf nauwelijks betrokken."),
        I("GGD", "zorg", "ov:kwet", "Tuberculosescreening en vaccinaties werden niet stelselmatig aangeboden; in "
          "de nieuwe opvang hoort dat bij de intake."),
        I("VW", "idee", "ov:doel", "Maak onderscheid tussen mensen die net uitgeprocedeerd zijn en mensen die al "
          "tien jaar zonder papieren in Nederland leven; zij hebben andere dingen nodig."),
        I("ACR", "zorg", "va", "Ongedocumenteerden kunnen in Amsterdam nauwelijks een bankrekening openen of "
          "een kamer huren; de opvang alleen lost dat niet op.",
          "Toegang tot basisvoorzieningen buiten de opvang valt buiten dit plan; het onderwerp staat op de "
          "agenda van het vervolgoverleg met het Rijk.", d="breed", k="nee",
          note="ACR wil hierover apart in gesprek met de wethouder; agenderen"),
        I("LdH", "zorg", "ov:kwet", "Vrouwen voelden zich in de gemengde nachtopvang niet veilig, vooral niet "
          "in de gedeelde douches en toiletten.", key="vrouwen"),
        I("ASKV", "idee", "ov:beg", "De juridische hulp was versnipperd over vrijwilligers en advocaten; "
          "niemand had het overzicht over een dossier.", key="dossier"),
        I("WAH", "voorstel", "no", "Sluit geen enkele locatie, ook niet de tijdelijke locatie met 150 plaatsen, "
          "voordat de nieuwe opvang helemaal draait.",
          "De tijdelijke locatie gaat dicht zodra de nieuwe locaties open zijn; extra plaatsen naast de 500 "
          "passen niet in het kader. De overgang wordt per bewoner begeleid, zodat niemand op straat komt.",
          d="verdeeld", k="nee", note="gevoelig punt; toon van de reactie afstemmen met communicatie"),
        I("PL", "zorg", "ov:inl", "Het vertrouwen tussen gemeente, organisaties en bewoners is de afgelopen "
          "jaren beschadigd; het plan moet laten zien wat er met de inbreng is gedaan."),
    ),
    session("Middag: trends", "Trends en ontwikkelingen",
        I("IND", "idee", "ov:beg", "Een deel van de mensen in de opvang heeft nieuwe feiten die nooit zijn "
          "aangedragen, bijvoorbeeld over bekering of seksuele geaardheid."),
        I("VW", "zorg", "ov:doel", "De groep ongedocumenteerden vergrijst: steeds meer mensen zijn ouder dan "
          "vijftig en hebben een chronische aandoening."),
        I("GGD", "idee", "ov:doel", "Bij mensen die lang buiten hebben geslapen, zien wij opvallend vaak "
          "diabetes, hart- en vaatziekten en slijtage van gewrichten."),
        I("ACR", "idee", "ov:sam", "Andere steden werken al met een aanpak gericht op perspectief; leer van "
          "hun ervaringen binnen de landelijke pilot."),
        I("DTV", "vraag", "ov:mon", "Hoeveel mensen uit de huidige opvang zijn de afgelopen twee jaar "
          "daadwerkelijk vertrokken, en wat hielp daarbij?"),
        I("RK", "zorg", "ov:kwet", "Er komen meer signalen van uitbuiting binnen onder ongedocumenteerden die "
          "buiten de opvang zwart werk zoeken."),
        I("WH", "idee", "ov:beg", "Ongedocumenteerden organiseren zich steeds vaker zelf, in taalgroepen en "
          "zelfhulpgroepen; daar valt op voort te bouwen."),
        I("POL", "idee", "ov:sam", "Wijkagenten willen vooraf weten waar een locatie komt, zodat ze kennis "
          "kunnen maken met bewoners en buurt."),
        I("PL", "voorstel", "ov:doel", "De opvang is er voor mensen zonder verblijfsrecht die in Amsterdam "
          "verblijven, met voorrang voor wie het kwetsbaarst is."),
        I("ASKV", "zorg", "do:doel", "Mensen met een Dublinclaim of een lopende procedure in een ander EU-land "
          "vallen nu overal tussen wal en schip.",
          "De groep is in de doelgroepomschrijving genoemd; of zij toegang krijgt, hangt af van de landelijke "
          "afspraken die nog worden gemaakt.",
          note="navragen bij Juridische Zaken hoe Dublinclaimanten in de LVV-afspraken staan"),
        I("LdH", "zorg", "ov:opv", "In de winter loopt de nachtopvang vol met mensen die de rest van het jaar "
          "bij kennissen op de bank slapen."),
        I("WAH", "idee", "ov:zelf", "Veel van ons willen iets doen: koken, lesgeven, vertalen. Geef ons die "
          "ruimte in plaats van ons te laten wachten."),
        I("HVO", "vraag", "ov:mon", "Wie houdt bij hoeveel mensen uitstromen en waarheen? Op dit moment weet "
          "niemand dat precies.", key="uitstroom"),
        I("DvdW", "zorg", "ov:kwet", "Veel huisartsenpraktijken kennen de regeling voor onverzekerbare "
          "vreemdelingen niet en sturen mensen weg aan de balie."),
        I("IND", "zorg", "do:sam", "Wat bewoners aan hun begeleider vertellen, komt soms pas jaren later bij de "
          "IND terecht, en dan is het te laat.",
          "Begeleiders helpen bewoners om nieuwe feiten tijdig aan te dragen; gegevens gaan alleen met "
          "toestemming van de bewoner naar de IND.", d="breed"),
        I("VW", "idee", "ov:inl", "Landelijk verschuift het gesprek van bed, bad en brood naar opvang met "
          "perspectief; Amsterdam kan daarin voorop lopen."),
        I("GGD", "zorg", "do:kwet", "De wachttijd voor een behandeling in de GGZ is voor deze groep vaak langer "
          "dan het verblijf zelf.", "Er komt een GGZ-consulent die de locaties bezoekt; voorrang in de "
          "reguliere GGZ kan de gemeente niet afdwingen."),
        I("ACR", "voorstel", "va", "Onderzoek een Amsterdamse stadspas met foto voor iedereen die in de stad "
          "woont, ook zonder verblijfsrecht.",
          "Een stadspas als identiteitsbewijs raakt aan landelijke regels; de gemeente laat de mogelijkheden "
          "apart onderzoeken.", d="verdeeld", k="nee"),
        I("PL", "zorg", "ov:inl", "Zolang het landelijke beleid niet verandert, wordt de groep niet kleiner; de "
          "opvang moet kunnen meebewegen."),
        I("RK", "vraag", "ov:kwet", "Kan de gemeente met ziekenhuizen afspreken hoe de nazorg na ontslag gaat, "
          "zodat niemand vanuit het ziekenhuisbed op straat belandt?"),
    ),
    session("Middag: toekomstbeelden", "Toekomstbeelden: de opvang in 2020",
        I("PL", "idee", "ov:inl", "In 2020 heeft iedere bewoner een eigen plan met een duidelijk doel, "
          "verblijf, terugkeer of doormigratie, en weet hij wie hem daarbij helpt.", key="eigenplan"),
        I("VW", "voorstel", "sv:eigenplan", "Elke bewoner krijgt binnen een maand een persoonlijk "
          "toekomstplan, opgesteld samen met een vaste begeleider."),
        I("WAH", "idee", "do:zelf", "Wij zien een huis waar bewoners zelf de huisregels maken en samen beslissen "
          "over het dagelijks leven.", "Bewoners praten via een bewonersraad mee over de huisregels; "
          "veiligheid en toegang blijven de verantwoordelijkheid van de beheerder.", key="huisregels"),
        I("HVO", "idee", "ov:opv", "Kleine locaties verspreid over de stad, met twee mensen per kamer en een "
          "gedeelde keuken, passen beter bij een gewoon leven in de buurt.", key="klein"),
        I("LdH", "idee", "sv:klein", "Liever zes locaties van tachtig plaatsen dan twee van tweehonderd; de "
          "schaal bepaalt de sfeer."),
        I("ASKV", "voorstel", "ov:beg", "Laat ieder dossier bij binnenkomst bekijken door een ervaren "
          "vreemdelingenadvocaat, op zoek naar kansen voor een nieuwe aanvraag.", key="screening"),
        I("DTV", "idee", "do:beg", "Geef terugkeer een gelijkwaardige plek naast verblijf, met concrete hulp bij "
          "een nieuwe start in het land van herkomst.", "Terugkeer is een van de drie uitwegen in het plan; "
          "hoeveel bewoners welke uitweg kiezen, is niet vastgelegd.", d="breed"),
        I("ACR", "idee", "va", "Maak van Amsterdam een stad waar iedereen toegang heeft tot zorg, onderwijs en "
          "onderdak, ongeacht verblijfsstatus.", "Dit gaat verder dan 500 plaatsen en de landelijke wetgeving "
          "toelaten; het gesprek loopt door in het vervolgoverleg.", d="verdeeld", k="nee"),
        I("WH", "idee", "ov:beg", "Bewoners volgen taalles, een vakopleiding of vrijwilligerswerk, zodat ze ook "
          "bij terugkeer iets meenemen.", key="dagbesteding"),
        I("DvdW", "voorstel", "ov:kwet", "Een vaste huisarts per locatie die de bewoners kent en doorverwijst, "
          "in plaats van losse spreekuren.", note="navragen bij GGD welke praktijken al meedoen"),
        I("IND", "idee", "ov:sam", "Een vast aanspreekpunt bij de IND voor de Amsterdamse opvang, met "
          "regelmatig overleg over afzonderlijke dossiers.", key="ind"),
        I("POL", "voorstel", "ov:sam", "Maak per locatie afspraken met het wijkteam en de buurt, met één "
          "telefoonnummer dat omwonenden bij overlast kunnen bellen."),
        I("GGD", "idee", "ov:mon", "Meet niet alleen de uitstroom maar ook gezondheid en welzijn, zodat "
          "zichtbaar wordt of de aanpak werkt.", key="welzijn"),
        I("RK", "idee", "sv:dagbesteding", "Een ontmoetingsruimte in elke locatie waar overdag activiteiten "
          "zijn die bewoners zelf bedenken."),
        I("VW", "zorg", "no", "Schrap de grens van achttien maanden: zonder oplossing leidt die termijn tot "
          "nieuwe dakloosheid.", "De verblijfsduur van ten hoogste achttien maanden is een vast kader uit "
          "het coalitieakkoord; het plan regelt wel dat niemand zonder vervolgplan vertrekt.",
          d="verdeeld", k="nee"),
        I("HVO", "voorstel", "ov:zelf", "Zelfstandig wonen met begeleiding op afstand, als laatste stap voor "
          "wie daar klaar voor is."),
        I("LdH", "idee", "ov:mon", "Kom over een jaar met dezelfde groep terug om samen te kijken wat werkt en "
          "wat niet.", key="terugkom"),
        I("PL", "idee", "ov:inl", "Niemand valt nog tussen wal en schip, en elke organisatie weet wat de "
          "andere doet: dat is het beeld waar de groep naartoe wil."),
        I("ASKV", "vraag", "va", "Wat gebeurt er na achttien maanden met mensen voor wie verblijf, terugkeer "
          "en doormigratie allemaal niet lukken?", "Hierop is nog geen antwoord; de vraag gaat mee naar de "
          "evaluatie en het bestuurlijk overleg met het Rijk.", key="na18"),
        I("WAH", "voorstel", "no", "Laat bewoners zelf een pand kiezen en beheren, zonder beheerorganisatie.",
          "Een beheerder blijft nodig voor veiligheid, verzekering en afspraken met de buurt; zelfbeheer "
          "krijgt binnen de locaties wel een plek.", d="minderheid"),
    ),
]
