// The Rename and Delete buttons of a project's or a b-roll's card, named after the item so that a
// screen reader tells the cards' buttons apart; `className` is the card's own button look.
export function RenameDeleteButtons({ name, className, onRename, onDelete }: { name: string; className: string; onRename: () => void; onDelete: () => void }) {
  return (
    <>
      <button type="button" className={className} onClick={onRename} aria-label={`Rename ${name}`}>
        Rename
      </button>
      <button type="button" className={`${className} hover:text-rose-300`} onClick={onDelete} aria-label={`Delete ${name}`}>
        Delete
      </button>
    </>
  );
}
