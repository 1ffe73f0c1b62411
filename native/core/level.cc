#include "core/per_thread.h"
#include "core/level.h"

#include <string>

#include "core/error.h"
#include "core/op.h"

namespace adj {

namespace {
struct LevelStack {
  std::vector<Level> levels;
  Tag next = 1;  // Note [Tag order]: tags only grow, so a newer level always ranks higher
};
LevelStack& stack() {
  return per_thread<LevelStack>();
}

void mark_saved(const VRef& v, int delta) {
  if (v) concrete(v)->storage->saved += delta;
}
}  // namespace

Tape::~Tape() {
  for (size_t i = 0; i < nodes.size(); ++i) release(i);
}

int32_t Tape::push(Node&& n) {
  for (const VRef& v : n.in) mark_saved(v, +1);
  mark_saved(n.out, +1);
  nodes.push_back(std::move(n));
  return static_cast<int32_t>(nodes.size() - 1);
}

void Tape::release(size_t i) {
  Node& n = nodes[i];
  for (VRef& v : n.in) {
    mark_saved(v, -1);
    v.reset();
  }
  mark_saved(n.out, -1);
  n.out.reset();
  n.rule.reset();
}

Tag open_level(LevelKind kind, int64_t lanes, bool record_all) {
  LevelStack& s = stack();
  if (lanes < 0 || (lanes && kind == LevelKind::Reverse) || (!lanes && kind == LevelKind::Taylor))
    fail(ErrorKind::Argument, "a level takes lanes (forward) or an order ≥ 1 (Taylor), a reverse level neither");
  if (record_all && kind != LevelKind::Reverse) fail(ErrorKind::Argument, "only a reverse level records for compile");
  Level l{s.next++, kind, kind == LevelKind::Reverse ? std::allocate_shared<Tape>(PoolAllocator<Tape>()) : nullptr, lanes, record_all};
  s.levels.push_back(l);
  return l.tag;
}

Level close_level(Tag tag) {
  LevelStack& s = stack();
  for (size_t i = s.levels.size(); i-- > 0;) {
    if (s.levels[i].tag == tag) {
      Level l = s.levels[i];
      s.levels.resize(i);
      return l;
    }
  }
  fail(ErrorKind::Argument, "transformation level " + std::to_string(tag) + " is not open");
}

const Level* find_level(Tag tag) {
  for (const Level& l : stack().levels)
    if (l.tag == tag) return &l;
  return nullptr;
}

size_t level_depth() { return stack().levels.size(); }

Tag innermost_tag() { return stack().levels.empty() ? 0 : stack().levels.back().tag; }

VRef watch(Tag tag, const VRef& x0) {
  const Level* l = find_level(tag);
  if (!l || l->kind != LevelKind::Reverse) fail(ErrorKind::Argument, "watch: level is not an open reverse level");
  VRef x = resolve(x0);
  Node n;
  n.out = x;
  VRef r = traced(tag, x);
  r->node = l->tape->push(std::move(n));
  return r;
}

VRef make_dual(Tag tag, const VRef& x0, const VRef& t) {
  const Level* l = find_level(tag);
  if (!l || l->kind == LevelKind::Reverse) fail(ErrorKind::Argument, "jvp: level is not an open forward or Taylor level");
  VRef x = resolve(x0);
  const Shape want = lanes_shape(l->lanes, x->shape);
  if (t && (t->shape != want || t->dtype != x->dtype))
    fail(ErrorKind::Shape, std::string("jvp: tangent of shape ") + shape_str(t->shape) + " " + dtype_name(t->dtype) +
                               " does not match " + (l->lanes ? std::to_string(l->lanes) + " lanes of " : "") +
                               "primal of shape " + shape_str(x->shape) + " " + dtype_name(x->dtype));
  VRef r = traced(tag, x);
  r->tangent = t;
  return r;
}

Shape lanes_shape(int64_t lanes, const Shape& s) {
  if (!lanes) return s;
  Shape r;
  r.reserve(s.size() + 1);
  r.push_back(lanes);
  r.insert(r.end(), s.begin(), s.end());
  return r;
}

VRef lower(Tag tag, const VRef& v) {
  VRef r = v;
  // Levels opened after `tag` that are already closed are stripped too.
  while (r->tag >= tag && r->tag != 0) r = r->primal;
  return r;
}

VRef tangent_of(Tag tag, const VRef& v) {
  VRef r = v;
  while (r->tag > tag) r = r->primal;
  return r->tag == tag ? r->tangent : nullptr;
}

}  // namespace adj
