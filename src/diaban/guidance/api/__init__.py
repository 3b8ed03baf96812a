"""API of guidance and read receipts, guidance conveyed in reports, drafts for comment and comments, review
sessions and the departments due one, scoped exactly like the pages.

Reads need a signed-in user and return only what lies in their scope or is addressed to them (404 for a single
object outside). Writes go through `diaban.guidance.services`, which decide who may; refusals are 403 with the
services' Vietnamese message, bad input 400 naming the field."""
