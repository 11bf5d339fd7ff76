import { useQuery } from '@tanstack/react-query';
import {
  CERTIFICATE_VALID_YEARS, CONDITION_SHARE_SCHOOLS, DISADVANTAGE_BANDS, EQUITY_INDICATORS, IMPLEMENTATION_CONDITIONS, IMPLEMENTATION_SCALE,
  OUTCOME_INDICATORS, PARTNER_TYPES, PHASES, PILLARS, PRINCIPLES, SECTORS, STRUCTURAL_AGREEMENT_DEFINITION, THEMES,
} from '@rd/shared/catalogue';
import { PRIORITY_FORMULA } from '@rd/shared/metrics/priority';
import { formatDate } from '@rd/shared/format';
import { useTRPC } from '../app/trpc.ts';
import { usePageTitle } from '../app/use-page-title.ts';
import { INDICATORS, indicatorTitle, unitDescription } from '@rd/shared/indicators';
import { Skeleton } from '../components/states.tsx';

export default function MethodPage() {
  usePageTitle('Methode');
  const trpc = useTRPC();
  const meta = useQuery(trpc.meta.dataset.queryOptions());
  const min = meta.data?.minCellSchools ?? 5;

  return (
    <div className="page">
      <h1>Methode, definities en bronnen</h1>
      <p className="page-intro">
        Hoe de cijfers op dit dashboard tot stand komen: het kader van vier pijlers en zestien leidende principes,
        de definitie van elke indicator, de bronnen en de regel die kleine groepen scholen beschermt.
      </p>

      <h2 id="demodata">Over de gegevens</h2>
      {meta.isPending ? (
        <Skeleton height={96} />
      ) : meta.data?.synthetic ? (
        <div className="notice" role="note">
          <p><strong>Dit dashboard toont synthetische demonstratiegegevens.</strong></p>
          <p>{meta.data.description ?? 'De schoolgegevens zijn gegenereerd, niet gemeten.'}</p>
          <p>
            <strong>Echt</strong> zijn: de gemeente- en GGD-regiogrenzen (CBS 2025), het aantal po-, so- en vo-locaties per gemeente
            (DUO-register, november 2024; speciaal basisonderwijs telt bij po) en de verdeling van achterstand over basisscholen
            (CBS 2019). <strong>Verzonnen</strong> zijn: alle mbo-locaties (het DUO-register bevat geen mbo; 60 verzonnen instellingen
            met 272 locaties in grotere gemeenten), en alle scans, Gezonde School-gegevens, ondersteuning, adviescapaciteit,
            partners en uitkomsten. Geen enkel cijfer hoort bij een echte school; er staan geen schoolnamen of BRIN-codes in de database.
          </p>
          <p>
            <strong>Ingebouwd in het generatiemodel, dus geen bevinding:</strong> meer adviescapaciteit, een kartrekker, een
            enthousiast team, steun van ouders en betrokkenheid van de schoolleiding gaan samen met een hogere implementatie; scholen
            met veel achterstand starten lager en krijgen voorrang bij ondersteuning. De richting volgt de onderbouwing (Jansen e.a.,
            2023); de sterkte is een keuze. Dat regio's met meer capaciteit per school hoger scoren (in de demo een correlatie van
            ongeveer 0,7) is dus een eigenschap van het model. Ook de trends zijn ingebouwd: langzame groei, een dip in 2020-2021
            (schoolsluitingen, GGD-medewerkers ingezet voor corona, minder ondersteuning), regio's die capaciteit afbouwen en
            slechtere uitkomsten van jongeren tot en met 2021-2022.
          </p>
          <p>
            De omvang is afgestemd op openbare cijfers: ongeveer 1 tot 2,5 fte advies per 100 scholen, 5 tot 9% van de scholen per
            jaar ondersteund, ongeveer 19% met een vignet, ongeveer een kwart met een scan, en uitkomsten alleen voor het vo in de
            jaren van de GGD Gezondheidsmonitor Jeugd (2019, 2021, 2023). De tabel met elk demo-cijfer, de openbare referentie en de
            bron staat in <code>data/README.md</code> (&lsquo;Calibration&rsquo;).
          </p>
          {meta.data.dataDate && <p>Peildatum: {formatDate(meta.data.dataDate)}.</p>}
        </div>
      ) : (
        <p>
          De gegevens komen uit de scans en registraties van scholen en GGD'en.
          {meta.data?.dataDate && <> Peildatum: {formatDate(meta.data.dataDate)}.</>}
        </p>
      )}

      <h2>Het kader: 4 pijlers en 16 leidende principes</h2>
      <p>
        De onderbouwing combineert leidende principes uit internationale modellen voor integraal werken aan welbevinden met de vier
        pijlers van de Gezonde School. De namen hieronder zijn die van de onderbouwing; grafieken korten lange namen soms in.
      </p>
      {PILLARS.map((pillar) => (
        <section key={pillar.id} aria-labelledby={`pijler-${pillar.id}`}>
          <h3 id={`pijler-${pillar.id}`}>Pijler {pillar.label}</h3>
          <p>{pillar.description}</p>
          <ol className="definition-list">
            {PRINCIPLES.filter((p) => p.pillar === pillar.id).map((p) => (
              <li key={p.id} value={p.id}>
                <strong>{p.label}.</strong> {p.description}
              </li>
            ))}
          </ol>
        </section>
      ))}

      <h2 id="scan">De scan</h2>
      <p>
        Er is geen landelijk scaninstrument. Het dashboard verwacht per school per schooljaar één score voor elk van de zestien
        leidende principes hierboven (de zestien scanitems), op de schaal{' '}
        {IMPLEMENTATION_SCALE.map((s) => `${s.score} ${s.label.toLowerCase()}`).join(', ')}. De school vult de scan zelf in,
        meestal de kartrekker samen met de schoolleiding, vaak met hulp van de GGD-adviseur. De scan is vrijwillig: vooral scholen
        die al met de aanpak werken vullen hem in. Een scan heeft altijd een score voor alle zestien principes (de import controleert dat).
      </p>

      <h2>Definities van de indicatoren</h2>
      <div className="data-table__scroll" tabIndex={0} role="region" aria-label="Tabel: definities van de indicatoren">
        <table className="data-table">
          <caption>Elk cijfer: definitie, teller, noemer, eenheid, welke scholen meetellen en bron</caption>
          <thead>
            <tr>
              <th scope="col">Cijfer</th><th scope="col">Definitie</th><th scope="col">Teller</th><th scope="col">Noemer</th>
              <th scope="col">Eenheid</th><th scope="col">Welke scholen</th><th scope="col">Bron</th>
            </tr>
          </thead>
          <tbody>
            {FIGURES.map((f) => (
              <tr key={f.name}>
                <th scope="row">{f.name}</th><td>{f.definition}</td><td>{f.numerator}</td><td>{f.denominator}</td>
                <td>{f.unit}</td><td>{f.schools}</td><td>{f.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2 id="voorwaarden">Voorwaarden voor implementatie</h2>
      <p>
        De onderbouwing noemt voorwaarden waaronder scholen de aanpak beter uitvoeren. Per voorwaarde toont het dashboard het aandeel
        scholen dat eraan voldoet (procent, afgerond op hele getallen). {CONDITION_SHARE_SCHOOLS} Bron van de cijfers: de
        implementatiegegevens per school en schooljaar. Het verschil in implementatiegraad tussen scholen met en zonder een voorwaarde
        is een samenhang tussen scholen, geen bewijs van oorzaak en gevolg.
      </p>
      <div className="data-table__scroll" tabIndex={0} role="region" aria-label="Tabel: voorwaarden voor implementatie">
        <table className="data-table" data-testid="method-conditions">
          <caption>Elke voorwaarde: wat ze betekent, wanneer een school eraan voldoet en waar de onderbouwing haar noemt</caption>
          <thead>
            <tr><th scope="col">Voorwaarde</th><th scope="col">Wat het betekent</th><th scope="col">Wanneer voldoet een school?</th><th scope="col">Bron</th></tr>
          </thead>
          <tbody>
            {IMPLEMENTATION_CONDITIONS.map((c) => (
              <tr key={c.id}><th scope="row">{c.label}</th><td>{c.meaning}</td><td>{c.meets}</td><td>{c.source}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="definition-list">
        <dt>Adviescapaciteit en welbevinden</dt>
        <dd>
          De Gezonde School-adviescapaciteit van een GGD dient alle gezondheidsthema's (zoals voeding, bewegen en sport, relaties en
          seksualiteit), niet alleen welbevinden. Zet u capaciteit naast de implementatie van welbevinden, dan vergelijkt u dus de
          hele capaciteit met één thema.
        </dd>
        <dt>Correlatie capaciteit – implementatie</dt>
        <dd>Pearson-correlatie over de 25 GGD-regio's tussen adviescapaciteit (fte per 100 scholen) en implementatiegraad.
          Een samenhang is geen bewijs van oorzaak en gevolg.</dd>
        <dt>Achterstandsband</dt>
        <dd>
          Vier groepen scholen: {DISADVANTAGE_BANDS.map((b) => `${b.id} ${b.label.toLowerCase()}`).join(', ')}. De indicator
          verschilt per sector, want de CBS-achterstandsscore bestaat alleen voor basisscholen:
          <ul>
            {SECTORS.map((s) => (
              <li key={s.id}><strong>{s.short}: {EQUITY_INDICATORS[s.id].name}.</strong> {EQUITY_INDICATORS[s.id].meaning}</li>
            ))}
          </ul>
        </dd>
        <dt>Uitkomsten</dt>
        <dd>
          Geaggregeerde peilingen per school (percentage leerlingen):{' '}
          {OUTCOME_INDICATORS.map((o) => o.label).join('; ')}. De GGD Gezondheidsmonitor Jeugd meet eens in de vier jaar
          (2019, extra in 2021, 2023) in klas 2 en 4 van het vo; andere jaren en sectoren hebben meestal geen uitkomsten.
          Landelijke referentie (Stevens e.a., 2023): emotionele problemen po jongens bijna 12%, meisjes ruim 28%; vo jongens ruim 14%,
          meisjes ruim 46%; druk door schoolwerk po ruim 15%, vo bijna 48%.
        </dd>
        <dt>Gezonde School-fasen en certificaten</dt>
        <dd>
          Fasen: {PHASES.map((p) => p.label).join(', ')}. De aanpak is een jaarlijkse cyclus (voorbereiden, uitvoeren, evalueren,
          en dan opnieuw), geen ladder die een school één keer beklimt; de meeste scholen werken (nog) niet met de aanpak.
          Thema's: {THEMES.map((t) => t.label).join(', ')}. Een themacertificaat is {CERTIFICATE_VALID_YEARS} schooljaren geldig en
          moet daarna worden verlengd; het eerste certificaat geeft het vignet. Certificaten per sector:{' '}
          {THEMES.map((t) => `${t.label}: ${t.sectors.length ? t.sectors.join(', ') : 'geen certificaat'}`).join('; ')}.
        </dd>
        <dt>Partnertypen</dt>
        <dd>
          {PARTNER_TYPES.map((p) => `${p.label}${p.sectors.length < SECTORS.length ? ` (alleen ${p.sectors.join(', ')})` : ''}`).join(', ')}.
        </dd>
        <dt>Structurele afspraak</dt>
        <dd>{STRUCTURAL_AGREEMENT_DEFINITION}</dd>
        <dt>Prioriteit voor ondersteuning (Planning)</dt>
        <dd>{PRIORITY_FORMULA}</dd>
      </dl>

      <h2 id="afscherming">Afscherming van kleine aantallen</h2>
      <p>
        Elk cijfer is een gemiddelde of aandeel over scholen, en vermeldt op hoeveel scholen het rust. Rust een cijfer op minder dan{' '}
        <strong>{min} scholen</strong>, dan tonen we het niet: in tabellen staat dan een punt (<abbr title="afgeschermd">.</abbr>),
        zoals het CBS doet, en op kaarten een grijs gearceerd vlak. Daarnaast schermen we zo nodig andere cellen af
        (aanvullende afscherming), zodat een verborgen cijfer niet kan worden teruggerekend uit de cijfers die wél zichtbaar zijn.
      </p>
      <p>
        Dat geldt voor alle tabellen samen, niet per tabel. Dezelfde scholen tellen mee in het land, de regio en de gemeente; in
        alle sectoren en in elke sector; in alle achterstandsgroepen en in elke groep; in de partnerdekking als geheel en per
        partnertype. Wie bijvoorbeeld &lsquo;alle sectoren&rsquo; min de zichtbare sectoren uitrekent, mag daar geen verborgen cel
        mee vinden. Daarom nemen we de afscherming per schooljaar één keer, voor al die overzichten tegelijk, bij het bijwerken
        van de gegevens; elk scherm, elke export en elk rapport gebruikt dezelfde beslissingen. Een verborgen groep is ook
        beschermd tegen benaderen: uit de zichtbare cijfers valt zijn waarde niet nauwkeuriger af te leiden dan op
        15 procentpunten boven of onder de werkelijke waarde (behalve waar een zichtbaar totaal zelf al alles zegt, zoals een
        totaal van 0%). Dat toetsen we ook voor ketens: wie de regio, haar gemeenten, hun sectoren, hun groepen en de partnertypen aan elkaar
        koppelt, mag een verborgen groep daarmee niet vastzetten; waar dat toch zou kunnen, verbergen we een cel meer. Een cel valt als geheel weg: bij een verborgen gemeente zijn ook het aantal scholen en &lsquo;geen
        gegevens&rsquo; verborgen. De scancijfers (implementatiegraad, pijlers, principes, scandekking) rusten op de gescande
        scholen en worden apart beoordeeld: heeft een gemeente genoeg scholen maar te weinig scans, dan vallen alleen die weg.
        De trechter van Gezonde School (fasen, vignet, certificaten per thema) wordt ook apart beoordeeld: één certificaat van
        één school is een klein aantal. Certificaten en verlengingen per thema publiceren we alleen over alle sectoren samen:
        per sector zijn het meestal enkele scholen, en een verlenging is altijd een certificaat, dat het vignet vraagt.
        &lsquo;Het ene mbo-certificaat van de regio moet verlengd worden&rsquo; en &lsquo;de gemeente heeft geen verlengingen&rsquo;
        zeggen samen dat de ene mbo-school van die gemeente geen certificaat heeft. Zulke ketens toetsen we ook bij de
        aantallen over alle sectoren. Een thema dat maar voor sommige sectoren is, zegt ook iets over het vignet van de
        andere: &lsquo;1 school met een vignet&rsquo; en &lsquo;1 certificaat Milieu en natuur&rsquo; (alleen po en so) zeggen
        samen dat de ene vo-school van de gemeente geen vignet heeft. Daar verbergen we dat thema.
      </p>
      <p>
        Een streepje (–) betekent: geen gegevens, bijvoorbeeld omdat er in dat gebied geen scholen van die sector zijn. Naast
        een verborgen aantal tonen we geen streepje maar een punt: &lsquo;geen so-school in groep 1, 3 en 4&rsquo; zou zeggen in
        welke groep de ene so-school van een gemeente zit. Het aantal scholen per gemeente en sector is openbaar (het
        scholenregister van DUO); daarom kan een punt ook staan waar geen school is, soms ook bij een regio of het land, zodat
        het register en de lege groepen samen niet verraden in welke groep de scholen van een kleine cel zitten. Wijst u
        met de muis of het toetsenbord naar een punt, dan ziet u waarom de cel is afgeschermd: te weinig scholen, of aanvullend
        afgeschermd.
      </p>
      <p>Beleidsmedewerkers zien alleen cijfers op groepsniveau. Adviseurs zien in Planning gepseudonimiseerde scholen van hun eigen regio.</p>

      <h2>Bronnen</h2>
      <ul>
        <li>
          Onderbouwing: <cite>Integraal werken aan welbevinden in het onderwijs. Een theoretische onderbouwing</cite>, Welbevinden op
          School (kennispartner van Gezonde School); leidende principes, pijlers, thema's en de voorwaarden voor implementatie.
        </li>
        <li>
          Jansen e.a. (2023) en Vennegoor e.a. (2020), onderzoek naar de vraag &lsquo;Onder welke condities doet Gezonde School
          ertoe?&rsquo;: de mate van ondersteuning, een kartrekker, enthousiasme in het team en draagvlak onder ouders als
          voorwaarden voor implementatie.
        </li>
        <li>Stevens e.a. (2023), HBSC-onderzoek: emotionele problemen en druk door schoolwerk (landelijke referentie). Boer e.a. (2022) over verschillen naar herkomst en gezinswelvaart.</li>
        <li>Gezonde School: gezondeschool.nl (aanpak, fasen, thema's, vignet en themacertificaten, ondersteuningsaanbod) en volksgezondheidenzorg.info (vignetten per sector).</li>
        <li>GGD GHOR Nederland / RIVM: GGD Gezondheidsmonitor Jeugd.</li>
        <li>Gemeente-, GGD-regio- en provinciegrenzen 2025: CBS/PDOK, gebiedsindelingen (gegeneraliseerd), CC BY 4.0.</li>
        <li>Schoollocaties per gemeente en sector: DUO open onderwijsdata, november 2024 (alleen aantallen; geen namen).</li>
        <li>Achterstand: CBS, <cite>Achterstandsscores basisscholen, 2019</cite> (verdeling over de scholen).</li>
      </ul>
    </div>
  );
}

/** Every figure of the dashboard with what it counts: the catalogue's, and the survey outcomes. */
const FIGURES: { name: string; definition: string; numerator: string; denominator: string; unit: string; schools: string; source: string }[] = [
  ...INDICATORS.map((ind) => ({ name: indicatorTitle(ind), ...ind.definition, definition: ind.definition.text, unit: unitDescription(ind), source: ind.source })),
  { name: 'Uitkomsten', definition: 'Aandeel leerlingen met een uitkomst, gewogen naar het aantal respondenten.', numerator: 'Leerlingen met de uitkomst',
    denominator: 'Respondenten', unit: 'procent', schools: 'Scholen die aan de peiling deelnamen', source: 'Peiling (GGD Gezondheidsmonitor Jeugd)' },
];
