import { useEffect, useRef } from 'react';

/** A `<dialog>` shown modally while `open` is true (Escape and its Close call the dialog's onClose). */
export function useModal(open: boolean) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return dialog;
}
