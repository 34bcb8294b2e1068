"""What a person looks at: the HTML review pages (Jinja2 templates) and the terminal audit view."""
