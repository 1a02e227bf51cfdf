// arena: one 64-byte aligned block of floats, copied deeply (models are values).
#pragma once

#include <algorithm>
#include <cstddef>
#include <new>

namespace ctnet::detail {

class arena {
public:
    arena() = default;
    explicit arena(std::size_t n) : size_(n), data_(allocate(n)) { std::fill(data_, data_ + n, 0.0f); }
    arena(const arena& o) : size_(o.size_), data_(allocate(o.size_)) { std::copy(o.data_, o.data_ + size_, data_); }
    arena(arena&& o) noexcept : size_(o.size_), data_(o.data_) {
        o.size_ = 0;
        o.data_ = nullptr;
    }
    arena& operator=(arena o) noexcept {
        std::swap(size_, o.size_);
        std::swap(data_, o.data_);
        return *this;
    }
    ~arena() { ::operator delete[](data_, std::align_val_t{64}); }

    float* data() noexcept { return data_; }
    const float* data() const noexcept { return data_; }
    std::size_t size() const noexcept { return size_; }
    float& operator[](std::size_t i) noexcept { return data_[i]; }
    float operator[](std::size_t i) const noexcept { return data_[i]; }
    void zero() noexcept { std::fill(data_, data_ + size_, 0.0f); }

private:
    static float* allocate(std::size_t n) {
        return n == 0 ? nullptr : static_cast<float*>(::operator new[](n * sizeof(float), std::align_val_t{64}));
    }
    std::size_t size_ = 0;
    float* data_ = nullptr;
};

} // namespace ctnet::detail
