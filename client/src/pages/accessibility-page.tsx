import { usePageTitle } from '../app/use-page-title.ts';

export default function AccessibilityPage() {
  usePageTitle('Toegankelijkheidsverklaring');
  return (
    <div className="page">
      <h1>Toegankelijkheidsverklaring</h1>
      <p className="page-intro">
        Wij willen dat iedereen dit dashboard kan gebruiken. Het dashboard moet voldoen aan de Web Content Accessibility Guidelines
        (WCAG) 2.1 op niveau AA, zoals vastgelegd in de Europese norm EN 301 549 en het Besluit digitale toegankelijkheid overheid.
      </p>
      <h2>Wat we doen</h2>
      <ul>
        <li>Elke kaart en grafiek heeft een tabel met dezelfde cijfers en een tekstsamenvatting (hoogste en laagste gebieden, spreiding).</li>
        <li>Alles werkt met het toetsenbord; de focus is altijd zichtbaar. Met "Naar de inhoud" slaat u het menu over.</li>
        <li>Kaarten gebruiken een kleurenschaal die ook bij kleurenblindheid en in zwart-wit leesbaar is, met aparte klassen voor "geen gegevens" en "afgeschermd".</li>
        <li>Alle filters staan in het webadres: u kunt een weergave delen, en de knoppen Vorige en Volgende van de browser werken.</li>
        <li>Bij elke wijziging testen we de pagina's automatisch met axe-core op toegankelijkheidsfouten.</li>
      </ul>
      <h2>Bekende beperkingen</h2>
      <ul>
        <li>Gebieden op de kaart zelf zijn niet met het toetsenbord te kiezen. Gebruik daarvoor de keuzelijst of de tabel onder de kaart: die geven dezelfde informatie en dezelfde doorklik.</li>
        <li>De tooltip van een grafiek verschijnt alleen bij aanwijzen met de muis; dezelfde cijfers staan in de tabel.</li>
      </ul>
      <h2>Status</h2>
      <p>
        Status: gedeeltelijk voldoet (zelfevaluatie met geautomatiseerde tests; een onderzoek door een onafhankelijke partij volgt).
        Deze verklaring is voor het laatst bijgewerkt bij de huidige versie van het dashboard.
      </p>
      <h2>Contact</h2>
      <p>
        Loopt u tegen een probleem aan? Meld het bij de beheerder van het dashboard via de GGD in uw regio. Wij reageren binnen vijf
        werkdagen. Krijgt u geen bevredigend antwoord, dan kunt u zich wenden tot de Nationale ombudsman.
      </p>
    </div>
  );
}
