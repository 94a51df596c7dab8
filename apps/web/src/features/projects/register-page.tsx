import { ProjectTable } from "./project-table";

/** The project register on its own page: every filter in the URL. */
export default function RegisterPage() {
  return (
    <main className="page">
      <ProjectTable />
    </main>
  );
}
