"use client";
// The actions of a card (an avatar, a b-roll, a project) behind one "⋯" button: a menu button
// (aria-haspopup, aria-expanded) whose menu opens with the first item focused; arrow keys, Home and
// End move, Escape and Tab close it, and focus goes back to the button. The menu is drawn in a
// portal, so cards that clip their content (overflow-hidden) do not cut it off.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { createPortal } from "react-dom";

export interface MenuItem {
  label: string;
  /** A link (a download, say) instead of an action. */
  href?: string;
  /** The file name the browser saves a link's target under. */
  download?: string;
  onSelect?: () => void;
  danger?: boolean;
  hidden?: boolean;
}

const itemClass = "block w-full rounded-lg px-3 py-2 text-left text-sm text-slate-200 outline-none hover:bg-slate-800 focus-visible:bg-slate-800 focus-visible:text-white";

export function AssetMenu({ label, items, className = "" }: { label: string; items: MenuItem[]; className?: string }) {
  // Where the menu opens (under the button, right-aligned with it; above it when there is no room
  // below); null while closed.
  const [position, setPosition] = useState<{ top?: number; bottom?: number; right: number } | null>(null);
  const open = position !== null;
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const id = useId();
  const shown = items.filter((item) => !item.hidden);

  const setOpen = (wanted: boolean) => {
    const rect = wanted ? button.current?.getBoundingClientRect() : undefined;
    if (!rect) return setPosition(null);
    const right = Math.max(8, window.innerWidth - rect.right);
    const height = shown.length * 40 + 8;
    const below = window.innerHeight - rect.bottom >= height + 8 || rect.top < height + 8;
    setPosition(below ? { top: rect.bottom + 4, right } : { bottom: window.innerHeight - rect.top + 4, right });
  };
  const close = (refocus = true) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  // The first item takes the focus when the menu opens.
  useEffect(() => {
    if (open) menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const outside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setPosition(null);
    };
    const away = () => setPosition(null);
    document.addEventListener("pointerdown", outside);
    window.addEventListener("resize", away);
    window.addEventListener("scroll", away, true);
    return () => {
      document.removeEventListener("pointerdown", outside);
      window.removeEventListener("resize", away);
      window.removeEventListener("scroll", away, true);
    };
  }, [open]);

  const onMenuKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const entries = Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
    const at = entries.indexOf(document.activeElement as HTMLElement);
    const go = (index: number) => entries[(index + entries.length) % entries.length]?.focus();
    if (event.key === "ArrowDown") go(at + 1);
    else if (event.key === "ArrowUp") go(at - 1);
    else if (event.key === "Home") go(0);
    else if (event.key === "End") go(entries.length - 1);
    else if (event.key === "Escape") close();
    else if (event.key === "Tab") return close(false);
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  const choose = (item: MenuItem) => {
    close();
    item.onSelect?.();
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        aria-label={label}
        onClick={() => setOpen(!open)}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
        className={`inline-flex h-8 w-8 shrink-0 items-center justify-center rounded-lg text-slate-300 hover:bg-slate-800 hover:text-white focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300 ${className}`}
      >
        <svg viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor" aria-hidden>
          <circle cx="4" cy="10" r="1.6" />
          <circle cx="10" cy="10" r="1.6" />
          <circle cx="16" cy="10" r="1.6" />
        </svg>
      </button>
      {position
        ? createPortal(
            <div
              ref={menu}
              id={id}
              role="menu"
              aria-label={label}
              onKeyDown={onMenuKey}
              style={position}
              className="fixed z-50 min-w-48 max-w-[calc(100vw-16px)] rounded-xl border border-slate-700 bg-slate-900 p-1 shadow-2xl shadow-black/50"
            >
              {shown.map((item) =>
                item.href ? (
                  <a key={item.label} role="menuitem" tabIndex={-1} href={item.href} download={item.download} onClick={() => close()} className={itemClass}>
                    {item.label}
                  </a>
                ) : (
                  <button key={item.label} role="menuitem" tabIndex={-1} type="button" onClick={() => choose(item)} className={`${itemClass} ${item.danger ? "text-rose-300 hover:text-rose-200" : ""}`}>
                    {item.label}
                  </button>
                ),
              )}
            </div>,
            document.body,
          )
        : null}
    </>
  );
}
