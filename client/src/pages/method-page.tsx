import { useQuery } from '@tanstack/react-query';
import { DISADVANTAGE_BANDS, IMPLEMENTATION_SCALE, OUTCOME_INDICATORS, PARTNER_TYPES, PHASES, PILLARS, PRINCIPLES, THEMES, CERTIFICATE_VALID_YEARS } from '@rd/shared/catalogue';
import { PRIORITY_FORMULA } from '@rd/shared/metrics/priority';
import { formatDate } from '@rd/shared/format';
import { useTRPC } from '../app/trpc.ts';
import { usePageTitle } from '../app/use-page-title.ts';
import { MAP_METRICS } from '../logic/metrics.ts';
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
            De aardrijkskunde is echt (CBS-gemeentegrenzen 2025, GGD-regio's) en het aantal schoollocaties per gemeente en sector
            volgt het DUO-register van november 2024. De scans, Gezonde School-gegevens, partners en uitkomsten zijn verzonnen met
            een model dat de onderbouwing volgt: scholen implementeren meer waar de GGD meer adviescapaciteit heeft, waar een
            kartrekker is en ouders de aanpak steunen; scholen met veel achterstand starten lager. Geen enkel cijfer hoort bij een
            echte school; er staan geen schoolnamen of BRIN-codes in de database.
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
        De integrale aanpak van welbevinden op school volgt de vier pijlers van de Gezonde School. Scholen scoren elk leidend principe
        op een schaal van 0 tot 3:{' '}
        {IMPLEMENTATION_SCALE.map((s) => `${s.score} ${s.label.toLowerCase()}`).join(', ')}.
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

      <h2>Definities van de indicatoren</h2>
      <dl className="definition-list">
        {MAP_METRICS.map((m) => (
          <div key={m.id}>
            <dt>{m.label}</dt>
            <dd>{m.definition}</dd>
          </div>
        ))}
        <dt>Ondersteuningsuren per school</dt>
        <dd>Uren Gezonde School-advies die scholen in het schooljaar van de GGD kregen, gedeeld door het aantal scholen.</dd>
        <dt>Correlatie capaciteit – implementatie</dt>
        <dd>Pearson-correlatie over de 25 GGD-regio's tussen adviescapaciteit (fte per 100 scholen) en implementatiegraad.
          Een samenhang is geen bewijs van oorzaak en gevolg.</dd>
        <dt>Achterstandsband</dt>
        <dd>
          Vier groepen scholen naar de CBS-achterstandsscore van hun leerlingen:{' '}
          {DISADVANTAGE_BANDS.map((b) => `${b.id} ${b.label.toLowerCase()}`).join(', ')}.
        </dd>
        <dt>Uitkomsten</dt>
        <dd>
          Geaggregeerde peilingen per school (percentage leerlingen):{' '}
          {OUTCOME_INDICATORS.map((o) => o.label).join('; ')}.
        </dd>
        <dt>Gezonde School-fasen en certificaten</dt>
        <dd>
          Fasen: {PHASES.map((p) => p.label).join(' → ')}. Een themacertificaat (thema's: {THEMES.map((t) => t.label).join(', ')})
          is {CERTIFICATE_VALID_YEARS} schooljaren geldig en moet daarna worden verlengd; het eerste certificaat geeft het vignet.
        </dd>
        <dt>Partnertypen</dt>
        <dd>{PARTNER_TYPES.map((p) => p.label).join(', ')}. Schuldhulpverlening telt alleen in het mbo.</dd>
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
        totaal van 0%). Een cel valt als geheel weg: bij een verborgen gemeente zijn ook het aantal scholen en &lsquo;geen
        gegevens&rsquo; verborgen. De scancijfers (implementatiegraad, pijlers, principes, scandekking) rusten op de gescande
        scholen en worden apart beoordeeld: heeft een gemeente genoeg scholen maar te weinig scans, dan vallen alleen die weg.
      </p>
      <p>
        Een streepje (–) betekent: geen gegevens, bijvoorbeeld omdat er in dat gebied geen scholen van die sector zijn. Wijst u
        met de muis of het toetsenbord naar een punt, dan ziet u waarom de cel is afgeschermd: te weinig scholen, of aanvullend
        afgeschermd.
      </p>
      <p>Beleidsmedewerkers zien alleen cijfers op groepsniveau. Adviseurs zien in Planning gepseudonimiseerde scholen van hun eigen regio.</p>

      <h2>Bronnen</h2>
      <ul>
        <li>Onderbouwing: <cite>Integraal werken aan welbevinden in het onderwijs – een theoretische onderbouwing</cite> (leidende principes), met onder meer Jansen e.a. (2023) over de voorwaarden waaronder de Gezonde School-aanpak werkt.</li>
        <li>Gezonde School: gezondeschool.nl en loketgezondleven.nl (fasen, thema's, vignet en themacertificaten).</li>
        <li>Gemeente-, GGD-regio- en provinciegrenzen 2025: CBS/PDOK, gebiedsindelingen (gegeneraliseerd), CC BY 4.0.</li>
        <li>Schoollocaties per gemeente en sector: DUO open onderwijsdata, november 2024 (alleen aantallen; geen namen).</li>
        <li>Achterstandsscores: CBS, achterstandsscores basisscholen (verdeling).</li>
      </ul>
    </div>
  );
}
