// Per-command parse tests: QXL structs placed in fake guest memory, parsed into validated values;
// hostile variants (bad addresses, chunk loops, oversized data) end in errors, never over-reads.

#include <gtest/gtest.h>

#include <cstddef>

#include "spice-core/server/qxl/qxl_parse.hpp"
#include "tests/unit/qxl/guest_mem.hpp"

namespace spicedesk::core::qxl {
namespace {

using test::GuestMem;

QXLRect qrect(int32_t l, int32_t t, int32_t r, int32_t b) {
    QXLRect q{};
    q.left = l;
    q.top = t;
    q.right = r;
    q.bottom = b;
    return q;
}

class ParseTest : public ::testing::Test {
  protected:
    ParseContext ctx() {
        ParseContext c{mem_.slots(), 0, 16, {}, {}};
        c.surface_image = [](uint32_t id) -> Result<canvas::Image> {
            if (id != 3) {
                return make_error("no surface");
            }
            return *canvas::create_image(PIXMAN_x8r8g8b8, 4, 4);
        };
        return c;
    }
    uint64_t bitmap_image(uint8_t format, uint32_t w, uint32_t h, uint32_t stride,
                          const std::vector<uint8_t>& data, bool direct, uint64_t palette = 0,
                          uint8_t flags = QXL_BITMAP_TOP_DOWN) {
        uint64_t data_addr;
        if (direct) {
            data_addr = mem_.add_bytes(data.data(), data.size());
        } else {
            std::vector<uint8_t> chunk(sizeof(QXLDataChunk) + data.size());
            QXLDataChunk c{};
            c.data_size = static_cast<uint32_t>(data.size());
            std::memcpy(chunk.data(), &c, sizeof(c));
            std::memcpy(chunk.data() + sizeof(c), data.data(), data.size());
            data_addr = mem_.add_bytes(chunk.data(), chunk.size());
        }
        QXLImage img{};
        img.descriptor.type = SPICE_IMAGE_TYPE_BITMAP;
        img.descriptor.width = w;
        img.descriptor.height = h;
        img.bitmap.format = format;
        img.bitmap.flags = static_cast<uint8_t>(flags | (direct ? QXL_BITMAP_DIRECT : 0));
        img.bitmap.x = w;
        img.bitmap.y = h;
        img.bitmap.stride = stride;
        img.bitmap.palette = palette;
        img.bitmap.data = data_addr;
        return mem_.add(img);
    }
    uint32_t pixel(const canvas::Image& img, int x, int y) {
        uint32_t v;
        std::memcpy(&v, img.data() + y * img.stride() + x * 4, 4);
        return v;
    }
    GuestMem mem_;
};

TEST_F(ParseTest, FillWithClipRects) {
    QXLRect rects[2] = {qrect(0, 0, 5, 5), qrect(10, 10, 20, 20)};
    std::vector<uint8_t> clip(sizeof(QXLClipRects) + sizeof(rects));
    QXLClipRects cr{};
    cr.num_rects = 2;
    cr.chunk.data_size = sizeof(rects);
    std::memcpy(clip.data(), &cr, sizeof(cr));
    std::memcpy(clip.data() + sizeof(cr), rects, sizeof(rects));
    const uint64_t clip_addr = mem_.add_bytes(clip.data(), clip.size());
    QXLDrawable d{};
    d.release_info.id = 77;
    d.surface_id = 0;
    d.type = QXL_DRAW_FILL;
    d.bbox = qrect(1, 2, 30, 40);
    d.clip.type = SPICE_CLIP_TYPE_RECTS;
    d.clip.data = clip_addr;
    d.surfaces_dest[0] = d.surfaces_dest[1] = d.surfaces_dest[2] = -1;
    d.u.fill.brush.type = SPICE_BRUSH_TYPE_SOLID;
    d.u.fill.brush.u.color = 0x123456;
    d.u.fill.rop_descriptor = SPICE_ROPD_OP_PUT;
    const uint64_t addr = mem_.add(d);
    auto r = parse_drawable(ctx(), addr);
    ASSERT_TRUE(r) << r.message();
    EXPECT_EQ(r->release.id, 77U);
    EXPECT_EQ(r->release.info_addr, addr);
    EXPECT_EQ(r->box.left, 1);
    EXPECT_EQ(r->box.bottom, 40);
    ASSERT_EQ(r->clip.type, SPICE_CLIP_TYPE_RECTS);
    ASSERT_EQ(r->clip.rects.size(), 2U);
    EXPECT_EQ(r->clip.rects[1].left, 10);
    EXPECT_EQ(r->clip.rects[1].bottom, 20);
    const auto& fill = std::get<canvas::Fill>(r->op);
    EXPECT_EQ(fill.brush.color, 0x123456U);

    // More rects claimed than the chunk holds.
    cr.num_rects = 3;
    mem_.put(mem_.offset_of(clip_addr), cr);
    EXPECT_FALSE(parse_drawable(ctx(), addr));
}

TEST_F(ParseTest, CopyOfDirectAndChunkedBitmaps) {
    std::vector<uint8_t> px(2 * 2 * 4);
    for (size_t i = 0; i < px.size(); ++i) {
        px[i] = static_cast<uint8_t>(i * 16);
    }
    for (bool direct : {true, false}) {
        const uint64_t img = bitmap_image(SPICE_BITMAP_FMT_32BIT, 2, 2, 8, px, direct);
        QXLDrawable d{};
        d.type = QXL_DRAW_COPY;
        d.bbox = qrect(0, 0, 2, 2);
        d.surfaces_dest[0] = d.surfaces_dest[1] = d.surfaces_dest[2] = -1;
        d.u.copy.src_bitmap = img;
        d.u.copy.src_area = qrect(0, 0, 2, 2);
        d.u.copy.rop_descriptor = SPICE_ROPD_OP_PUT;
        auto r = parse_drawable(ctx(), mem_.add(d));
        ASSERT_TRUE(r) << r.message();
        EXPECT_TRUE(r->src_is_bitmap);
        const auto& copy = std::get<canvas::Copy>(r->op);
        EXPECT_EQ(copy.src.width(), 2);
        EXPECT_EQ(pixel(copy.src, 1, 1), 0xf0e0d0c0U);
        EXPECT_EQ(pixel(copy.src, 0, 0), 0x30201000U);
    }
}

TEST_F(ParseTest, BottomUpPaletteAnd24And16BitBitmaps) {
    // 8-bit palette, bottom-up: the first row in memory is the bottom row.
    std::vector<uint8_t> pal_bytes(sizeof(QXLPalette) + 2 * 4);
    QXLPalette pal{};
    pal.num_ents = 2;
    std::memcpy(pal_bytes.data(), &pal, sizeof(pal));
    const uint32_t ents[2] = {0x00ff0000, 0x000000ff};
    std::memcpy(pal_bytes.data() + sizeof(pal), ents, sizeof(ents));
    const uint64_t pal_addr = mem_.add_bytes(pal_bytes.data(), pal_bytes.size());
    const uint64_t img8 =
        bitmap_image(SPICE_BITMAP_FMT_8BIT, 2, 2, 4, {0, 1, 0, 0, 1, 1, 0, 0}, true, pal_addr, 0);
    auto r = parse_image(ctx(), img8);
    ASSERT_TRUE(r) << r.message();
    EXPECT_EQ(pixel(r->image, 0, 0), 0x0000ffU);  // top row = second row in memory: 1 1
    EXPECT_EQ(pixel(r->image, 0, 1), 0xff0000U);
    EXPECT_EQ(pixel(r->image, 1, 1), 0x0000ffU);
    // An index beyond the palette.
    EXPECT_FALSE(parse_image(
        ctx(), bitmap_image(SPICE_BITMAP_FMT_8BIT, 1, 1, 4, {5, 0, 0, 0}, true, pal_addr)));
    // 24-bit BGR and 16-bit 555.
    auto r24 =
        parse_image(ctx(), bitmap_image(SPICE_BITMAP_FMT_24BIT, 1, 1, 4, {1, 2, 3, 0}, true));
    ASSERT_TRUE(r24);
    EXPECT_EQ(pixel(r24->image, 0, 0), 0x030201U);
    auto r16 =
        parse_image(ctx(), bitmap_image(SPICE_BITMAP_FMT_16BIT, 1, 1, 4, {0x1f, 0x7c, 0, 0}, true));
    ASSERT_TRUE(r16);
    EXPECT_EQ(pixel(r16->image, 0, 0), 0xff00ffU);  // r=31, g=0, b=31
}

TEST_F(ParseTest, OneBitMasksBecomeA1) {
    const uint64_t img =
        bitmap_image(SPICE_BITMAP_FMT_1BIT_BE, 8, 1, 1, {0x81}, true);  // leftmost and rightmost
    auto r = parse_image(ctx(), img, true);
    ASSERT_TRUE(r) << r.message();
    EXPECT_EQ(r->image.format(), PIXMAN_a1);
    uint32_t word;
    std::memcpy(&word, r->image.data(), 4);
    EXPECT_EQ(word & 0xff, 0x81U);
    const uint64_t le = bitmap_image(SPICE_BITMAP_FMT_1BIT_LE, 8, 1, 1, {0x01}, true);
    auto l = parse_image(ctx(), le, true);
    ASSERT_TRUE(l);
    std::memcpy(&word, l->image.data(), 4);
    EXPECT_EQ(word & 0xff, 0x01U);  // pixel 0
}

TEST_F(ParseTest, SurfaceImagesNeedAnExistingSurface) {
    QXLImage img{};
    img.descriptor.type = SPICE_IMAGE_TYPE_SURFACE;
    img.surface_image.surface_id = 3;
    auto ok = parse_image(ctx(), mem_.add(img));
    ASSERT_TRUE(ok) << ok.message();
    EXPECT_TRUE(ok->from_surface);
    img.surface_image.surface_id = 4;
    EXPECT_FALSE(parse_image(ctx(), mem_.add(img)));
    img.surface_image.surface_id = 1000;  // beyond n_surfaces
    EXPECT_FALSE(parse_image(ctx(), mem_.add(img)));
}

TEST_F(ParseTest, HostileImagesAreRefused) {
    // Unsupported types, an empty QUIC image, zero size, stride shorter than a row, data
    // beyond the slot (compressed_image_test.cpp has the rest of QUIC and LZ).
    QXLImage img{};
    img.descriptor.type = SPICE_IMAGE_TYPE_QUIC;
    EXPECT_FALSE(parse_image(ctx(), mem_.add(img)));
    img.descriptor.type = SPICE_IMAGE_TYPE_GLZ_RGB;
    EXPECT_FALSE(parse_image(ctx(), mem_.add(img)));
    img.descriptor.type = SPICE_IMAGE_TYPE_FROM_CACHE;
    EXPECT_FALSE(parse_image(ctx(), mem_.add(img)));
    EXPECT_FALSE(parse_image(ctx(), bitmap_image(SPICE_BITMAP_FMT_32BIT, 0, 1, 4, {}, true)));
    EXPECT_FALSE(
        parse_image(ctx(), bitmap_image(SPICE_BITMAP_FMT_32BIT, 2, 1, 4, {0, 0, 0, 0}, true)));
    const uint64_t huge =
        bitmap_image(SPICE_BITMAP_FMT_32BIT, 16000, 16000, 64000, {0, 0, 0, 0}, true);
    auto r = parse_image(ctx(), huge);
    ASSERT_FALSE(r);
    // An image address in an unregistered slot.
    EXPECT_FALSE(parse_image(ctx(), mem_.slots().encode(3, 0, 0)));
}

TEST_F(ParseTest, ChunkLoopsAndOversizedChunksEnd) {
    // Two chunks pointing at each other with zero data: the chunk-count limit ends it.
    QXLDataChunk a{};
    QXLDataChunk b{};
    const uint64_t a_addr = mem_.add(a);
    const uint64_t b_addr = mem_.add(b);
    a.next_chunk = b_addr;
    b.next_chunk = a_addr;
    mem_.put(mem_.offset_of(a_addr), a);
    mem_.put(mem_.offset_of(b_addr), b);
    ParseContext c = ctx();
    c.limits.max_chunks = 1000;
    auto loop = read_chunks(c, a_addr, 100, "test");
    ASSERT_FALSE(loop);
    EXPECT_NE(loop.message().find("loop"), std::string::npos);
    // A chunk claiming more than allowed.
    QXLDataChunk big{};
    big.data_size = 0xffffffff;
    auto over = read_chunks(c, mem_.add(big), 4096, "test");
    ASSERT_FALSE(over);
    // Bitmap data in chunks shorter than the bitmap.
    const uint64_t short_img =
        bitmap_image(SPICE_BITMAP_FMT_32BIT, 2, 2, 8, std::vector<uint8_t>(8), false);
    EXPECT_FALSE(parse_image(ctx(), short_img));
}

TEST_F(ParseTest, TextStringsAndStrokePaths) {
    // Two A1 glyphs of 8x2.
    std::vector<uint8_t> glyphs;
    for (int i = 0; i < 2; ++i) {
        QXLRasterGlyph g{};
        g.render_pos.x = 10 + i * 8;
        g.render_pos.y = 20;
        g.width = 8;
        g.height = 2;
        const auto* p = reinterpret_cast<const uint8_t*>(&g);
        glyphs.insert(glyphs.end(), p, p + sizeof(g));
        glyphs.push_back(0xff);
        glyphs.push_back(0x0f);
    }
    std::vector<uint8_t> str(sizeof(QXLString) + glyphs.size());
    QXLString s{};
    s.data_size = static_cast<uint32_t>(glyphs.size());
    s.length = 2;
    s.flags = SPICE_STRING_FLAGS_RASTER_A1;
    s.chunk.data_size = static_cast<uint32_t>(glyphs.size());
    std::memcpy(str.data(), &s, sizeof(s));
    std::memcpy(str.data() + sizeof(s), glyphs.data(), glyphs.size());
    QXLDrawable d{};
    d.type = QXL_DRAW_TEXT;
    d.bbox = qrect(0, 0, 40, 40);
    d.surfaces_dest[0] = d.surfaces_dest[1] = d.surfaces_dest[2] = -1;
    d.u.text.str = mem_.add_bytes(str.data(), str.size());
    d.u.text.fore_brush.type = SPICE_BRUSH_TYPE_SOLID;
    d.u.text.back_brush.type = SPICE_BRUSH_TYPE_NONE;
    auto r = parse_drawable(ctx(), mem_.add(d));
    ASSERT_TRUE(r) << r.message();
    const auto& text = std::get<canvas::Text>(r->op);
    ASSERT_EQ(text.str.glyphs.size(), 2U);
    EXPECT_EQ(text.str.glyphs[1].render_pos.x, 18);
    EXPECT_EQ(text.str.glyphs[1].data, (std::vector<uint8_t>{0xff, 0x0f}));
    // The string claims three glyphs.
    s.length = 3;
    std::memcpy(str.data(), &s, sizeof(s));
    d.u.text.str = mem_.add_bytes(str.data(), str.size());
    EXPECT_FALSE(parse_drawable(ctx(), mem_.add(d)));

    // A path of one segment with two points.
    std::vector<uint8_t> path(sizeof(QXLPath) + 8 + 16);
    QXLPath p{};
    p.data_size = 24;
    p.chunk.data_size = 24;
    std::memcpy(path.data(), &p, sizeof(p));
    const uint32_t seg[2] = {SPICE_PATH_BEGIN | SPICE_PATH_END, 2};
    const int32_t pts[4] = {0, 0, 160, 160};
    std::memcpy(path.data() + sizeof(p), seg, 8);
    std::memcpy(path.data() + sizeof(p) + 8, pts, 16);
    QXLDrawable sd{};
    sd.type = QXL_DRAW_STROKE;
    sd.bbox = qrect(0, 0, 20, 20);
    sd.surfaces_dest[0] = sd.surfaces_dest[1] = sd.surfaces_dest[2] = -1;
    sd.u.stroke.path = mem_.add_bytes(path.data(), path.size());
    sd.u.stroke.brush.type = SPICE_BRUSH_TYPE_SOLID;
    auto sr = parse_drawable(ctx(), mem_.add(sd));
    ASSERT_TRUE(sr) << sr.message();
    const auto& stroke = std::get<canvas::Stroke>(sr->op);
    ASSERT_EQ(stroke.path.size(), 1U);
    EXPECT_EQ(stroke.path[0].points[1].x, 160);
    // A segment claiming more points than the path holds.
    const uint32_t bad_seg[2] = {SPICE_PATH_BEGIN, 1000};
    std::memcpy(path.data() + sizeof(p), bad_seg, 8);
    sd.u.stroke.path = mem_.add_bytes(path.data(), path.size());
    EXPECT_FALSE(parse_drawable(ctx(), mem_.add(sd)));
}

TEST_F(ParseTest, DrawablesValidateSurfacesAndTypes) {
    QXLDrawable d{};
    d.type = QXL_DRAW_BLACKNESS;
    d.surfaces_dest[0] = d.surfaces_dest[1] = d.surfaces_dest[2] = -1;
    EXPECT_TRUE(parse_drawable(ctx(), mem_.add(d)));
    d.surface_id = 16;  // n_surfaces is 16
    EXPECT_FALSE(parse_drawable(ctx(), mem_.add(d)));
    d.surface_id = 0;
    d.surfaces_dest[1] = 99;
    EXPECT_FALSE(parse_drawable(ctx(), mem_.add(d)));
    d.surfaces_dest[1] = -1;
    d.type = 200;
    EXPECT_FALSE(parse_drawable(ctx(), mem_.add(d)));
    d.type = QXL_DRAW_FILL;
    d.u.fill.brush.type = 9;
    EXPECT_FALSE(parse_drawable(ctx(), mem_.add(d)));
    d.u.fill.brush.type = SPICE_BRUSH_TYPE_SOLID;
    d.clip.type = 7;
    EXPECT_FALSE(parse_drawable(ctx(), mem_.add(d)));
    // A drawable that does not fit before the slot's end.
    EXPECT_FALSE(parse_drawable(ctx(), mem_.addr(mem_.bytes().size() - 8)));
}

TEST_F(ParseTest, SurfaceUpdateCursorAndMessageCommands) {
    QXLSurfaceCmd s{};
    s.release_info.id = 5;
    s.surface_id = 2;
    s.type = QXL_SURFACE_CMD_CREATE;
    s.u.surface_create.format = SPICE_SURFACE_FMT_32_xRGB;
    s.u.surface_create.width = 16;
    s.u.surface_create.height = 16;
    s.u.surface_create.stride = -64;
    s.u.surface_create.data = mem_.addr(0x10000);
    auto ok = parse_surface_command(ctx(), mem_.add(s));
    ASSERT_TRUE(ok) << ok.message();
    EXPECT_EQ(ok->stride, -64);
    s.u.surface_create.height = 100000;  // larger than the slot (and the limit)
    EXPECT_FALSE(parse_surface_command(ctx(), mem_.add(s)));
    s.u.surface_create.height = 16;
    s.u.surface_create.stride = 8;  // shorter than a row
    EXPECT_FALSE(parse_surface_command(ctx(), mem_.add(s)));
    s.u.surface_create.stride = 64;
    s.u.surface_create.format = 99;
    EXPECT_FALSE(parse_surface_command(ctx(), mem_.add(s)));
    s.u.surface_create.format = SPICE_SURFACE_FMT_32_xRGB;
    s.u.surface_create.data = mem_.addr(mem_.bytes().size() - 512);  // 1 KiB does not fit
    EXPECT_FALSE(parse_surface_command(ctx(), mem_.add(s)));

    QXLUpdateCmd u{};
    u.area = qrect(1, 2, 3, 4);
    u.update_id = 9;
    auto up = parse_update_command(ctx(), mem_.add(u));
    ASSERT_TRUE(up);
    EXPECT_EQ(up->update_id, 9U);

    std::vector<uint8_t> cur(sizeof(QXLCursor) + 2 * 2 * 4, 0xff);
    QXLCursor c{};
    c.header.type = SPICE_CURSOR_TYPE_ALPHA;
    c.header.width = 2;
    c.header.height = 2;
    c.data_size = 16;
    c.chunk.data_size = 16;
    std::memcpy(cur.data(), &c, sizeof(c));
    QXLCursorCmd cmd{};
    cmd.type = QXL_CURSOR_SET;
    cmd.u.set.position.x = 7;
    cmd.u.set.visible = 1;
    cmd.u.set.shape = mem_.add_bytes(cur.data(), cur.size());
    auto cr = parse_cursor_command(ctx(), mem_.add(cmd));
    ASSERT_TRUE(cr) << cr.message();
    ASSERT_TRUE(cr->shape);
    EXPECT_EQ(cr->shape->data.size(), 16U);
    EXPECT_EQ(cr->x, 7);
    c.data_size = 12;  // does not match 2x2 ALPHA
    std::memcpy(cur.data(), &c, sizeof(c));
    cmd.u.set.shape = mem_.add_bytes(cur.data(), cur.size());
    EXPECT_FALSE(parse_cursor_command(ctx(), mem_.add(cmd)));
    cmd.type = QXL_CURSOR_MOVE;
    cmd.u.position.x = 3;
    cmd.u.position.y = 4;
    auto mv = parse_cursor_command(ctx(), mem_.add(cmd));
    ASSERT_TRUE(mv);
    EXPECT_EQ(mv->y, 4);

    std::vector<uint8_t> msg(sizeof(QXLMessage) + 8, 0);
    std::memcpy(msg.data() + sizeof(QXLMessage), "hi\x01", 3);
    auto m = parse_message_command(ctx(), mem_.add_bytes(msg.data(), msg.size()));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->text, "hi?");
}

}  // namespace
}  // namespace spicedesk::core::qxl
