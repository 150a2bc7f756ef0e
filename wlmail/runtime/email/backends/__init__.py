"""Protocol backends behind one interface (base.py): local Maildir/mbox, IMAP, POP3, SMTP."""
