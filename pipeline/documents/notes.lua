-- Footnotes become a numbered list "Noten" at the end of their own text (a chapter, a section), with the
-- number in superscript where the note was: LibreOffice 7.4 tags Word footnotes in a way PDF/UA-1 forbids
-- (a Note without an /ID, its link outside a Link element). Texts are separated by Plan A's marker divs.
local MARKER = "Plan A scheiding"

local function is_marker(block)
  return block.t == "Div" and block.attributes["custom-style"] == MARKER
end

function Pandoc(doc)
  local blocks, notes = {}, {}
  local function flush()
    if #notes > 0 then
      blocks[#blocks + 1] = pandoc.Para({pandoc.Strong({pandoc.Str("Noten")})})
      blocks[#blocks + 1] = pandoc.OrderedList(notes)
      notes = {}
    end
  end
  local numbered = {
    Note = function(note)
      notes[#notes + 1] = note.content
      return pandoc.Superscript({pandoc.Str(tostring(#notes))})
    end
  }
  for _, block in ipairs(doc.blocks) do
    if is_marker(block) then
      flush()
      blocks[#blocks + 1] = block
    else
      blocks[#blocks + 1] = pandoc.walk_block(block, numbered)
    end
  end
  flush()
  doc.blocks = blocks
  return doc
end
