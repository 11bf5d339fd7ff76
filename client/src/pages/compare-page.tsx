export default function Page() {
  return <div className="page"><h1>In aanbouw</h1><p>Deze pagina volgt.</p></div>;
}
