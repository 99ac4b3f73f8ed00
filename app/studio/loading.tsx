import { Spinner } from "../_components/ui";

export default function Loading() {
  return (
    <main className="py-10" aria-busy="true">
      <Spinner />
    </main>
  );
}
