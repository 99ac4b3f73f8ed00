import { CardSkeletons } from "./card-skeletons";

export default function Loading() {
  return (
    <div aria-busy="true">
      <div className="mb-6 h-9 w-64 animate-pulse rounded-lg bg-slate-800" />
      <CardSkeletons count={6} />
    </div>
  );
}
