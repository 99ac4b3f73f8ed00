import { Spinner } from "../_components/ui";

export default function Loading() {
  return (
    <div className="py-10" aria-busy="true">
      <Spinner label="Loading" />
    </div>
  );
}
