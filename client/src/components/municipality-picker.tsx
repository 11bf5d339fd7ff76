import { useId, useMemo, useState } from 'react';
import { COMPARE_MUNICIPALITIES } from '@rd/shared/catalogue';
import { compareDutch } from '../logic/display.ts';

export interface MunicipalityOption { code: string; name: string; regionName: string }

/**
 * Combobox (WAI-ARIA 1.2 pattern): type part of a name, arrow keys to move, Enter to add.
 * Chosen municipalities are listed as removable chips.
 */
export function MunicipalityPicker({ options, selected, onChange, max = COMPARE_MUNICIPALITIES.max, label = 'Gemeente toevoegen (typ een deel van de naam)', hint }: {
  options: readonly MunicipalityOption[]; selected: readonly string[]; onChange: (codes: string[]) => void; max?: number;
  /** The field's label and hint, for uses other than choosing a comparison (e.g. finding one municipality). */
  label?: string; hint?: string;
}) {
  const id = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const matches = useMemo(() => {
    const q = text.trim().toLocaleLowerCase('nl');
    if (!q) return [];
    return options
      .filter((o) => !selected.includes(o.code) && o.name.toLocaleLowerCase('nl').includes(q))
      .sort((a, b) => Number(!a.name.toLocaleLowerCase('nl').startsWith(q)) - Number(!b.name.toLocaleLowerCase('nl').startsWith(q)) || compareDutch(a.name, b.name))
      .slice(0, 10);
  }, [text, options, selected]);
  const full = selected.length >= max;
  const add = (code: string) => {
    if (full) return;
    onChange([...selected, code]);
    setText('');
    setOpen(false);
    setActive(0);
  };
  const byCode = new Map(options.map((o) => [o.code, o]));

  return (
    <div className="muni-picker">
      <div className="field">
        <label htmlFor={`${id}-input`}>{label}</label>
        <input
          id={`${id}-input`}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={open && matches.length > 0}
          aria-controls={`${id}-list`}
          aria-activedescendant={open && matches[active] ? `${id}-opt-${matches[active]!.code}` : undefined}
          aria-describedby={`${id}-hint`}
          disabled={full}
          value={text}
          onChange={(e) => { setText(e.target.value); setOpen(true); setActive(0); }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') { e.preventDefault(); setOpen(true); setActive((a) => Math.min(matches.length - 1, a + 1)); }
            else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(0, a - 1)); }
            else if (e.key === 'Enter') { e.preventDefault(); const m = matches[active]; if (m) add(m.code); }
            else if (e.key === 'Escape') setOpen(false);
          }}
          onBlur={() => window.setTimeout(() => setOpen(false), 150)}
        />
        <span id={`${id}-hint`} className="key-figure__note">
          {hint ?? (full ? `U heeft het maximum van ${max} gemeenten gekozen. Verwijder er een om een andere toe te voegen.` : `Kies ${COMPARE_MUNICIPALITIES.min} tot ${max} gemeenten.`)}
        </span>
      </div>
      <ul role="listbox" id={`${id}-list`} aria-label="Gevonden gemeenten" hidden={!open || matches.length === 0}>
        {matches.map((m, i) => (
          <li key={m.code} id={`${id}-opt-${m.code}`} role="option" aria-selected={i === active}
            onMouseDown={(e) => { e.preventDefault(); add(m.code); }}>
            {m.name} <span className="visually-hidden">,</span><small> ({m.regionName})</small>
          </li>
        ))}
      </ul>
      <div aria-live="polite" className="visually-hidden">{open && text ? `${matches.length} gemeenten gevonden` : ''}</div>
      {selected.length > 0 && <ul className="chips" aria-label="Gekozen gemeenten">
        {selected.map((code) => (
          <li key={code} className="chip">
            {byCode.get(code)?.name ?? code}
            <button type="button" aria-label={`${byCode.get(code)?.name ?? code} verwijderen`} onClick={() => onChange(selected.filter((c) => c !== code))}>×</button>
          </li>
        ))}
      </ul>}
    </div>
  );
}
